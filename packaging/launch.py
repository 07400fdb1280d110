"""The packaged application's entry point (PyInstaller runs this script)."""

import sys

from ems_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
