; Inno Setup script for Archivist on Windows. Built by installer/build.py (--windows-installer),
; which passes the version from archivist.__version__:
;   iscc /DAppVersion=0.1.0 /DBundleDir=..\..\dist\archivist installer\windows\archivist.iss
; Installs the PyInstaller one-folder bundle per user, adds a Start-menu entry, registers no
; file associations, and leaves the user's archive (in %LOCALAPPDATA%\Archivist) on uninstall.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\archivist"
#endif

[Setup]
AppId={{6F1C2B8E-4A77-4C3E-9D55-2B7F0E4A9C31}
AppName=Archivist
AppVersion={#AppVersion}
AppPublisher=Archivist
DefaultDirName={localappdata}\Programs\Archivist
DefaultGroupName=Archivist
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputBaseFilename=Archivist-{#AppVersion}-setup
OutputDir=..\..\dist
SetupIconFile=..\..\desktop\archivist\resources\icons\archivist.ico
UninstallDisplayIcon={app}\Archivist.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Archivist"; Filename: "{app}\Archivist.exe"
Name: "{group}\Uninstall Archivist"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\Archivist.exe"; Description: "Start Archivist"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data folder: the analyst's archive is never removed with the app.
