; Inno Setup script: the Windows installer of the folder `make dist` (PyInstaller, packaging/ems-desktop.spec)
; built on a Windows machine. Compile with Inno Setup 6: iscc packaging\ems-desktop.iss
; Not built on the project's Linux machines: see README, « Installer sur un poste Windows ».
#define AppVersion GetEnv("EMS_VERSION")
#if AppVersion == ""
  #define AppVersion "0.0.0"
#endif

[Setup]
AppName=EMS Desktop
AppVersion={#AppVersion}
AppPublisher=École Municipale des Sports
DefaultDirName={autopf}\EMS Desktop
DefaultGroupName=EMS Desktop
OutputDir=..\dist
OutputBaseFilename=ems-desktop-{#AppVersion}-installation
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=admin
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Files]
Source: "..\dist\ems-desktop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\EMS Desktop"; Filename: "{app}\ems-desktop.exe"
Name: "{group}\EMS Desktop (démonstration)"; Filename: "{app}\ems-desktop.exe"; Parameters: "--demo"
Name: "{autodesktop}\EMS Desktop"; Filename: "{app}\ems-desktop.exe"

[Run]
Filename: "{app}\ems-desktop.exe"; Parameters: "--self-test"; StatusMsg: "Vérification de l'installation…"; Flags: runhidden waituntilterminated
