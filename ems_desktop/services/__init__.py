"""Services: one transaction per user action, plain immutable data back, French domain errors."""
