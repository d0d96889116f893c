; Inno Setup 6 script: the Windows installer of the softphone (one-dir PyInstaller build).
;
;   python packaging\build.py --out build\package
;   iscc /DAppVersion=0.1.0 packaging\windows\softphone.iss      (packaging\windows\build.ps1 does both)
;
; Installs per user by default (no admin prompt; an admin may choose "all users"), adds a
; Start menu entry, and registers softphone.exe as a handler of tel:, sip: and callto: links:
; a ProgID per scheme plus Capabilities\URLAssociations (so Settings > Default apps lists it),
; and the scheme's own class key when no other program owns it yet (never hijacks Teams or
; Skype; the user picks the default in Settings). Uninstall removes what it added.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\package\dist\softphone"
#endif
#define AppName "Agent Softphone"
#define AppExe "softphone.exe"
#define AppKey "Software\AgentSoftphone"

[Setup]
AppId={{5C1A3E52-7D0B-4E53-9A7E-2F7C3B9D6A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Softphone project
AppComments=Desktop softphone for contact-center agents and supervisors
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
InfoAfterFile=..\..\NOTICE
OutputDir=..\..\build\package
OutputBaseFilename=agent-softphone-{#AppVersion}-setup
SetupIconFile=..\icons\softphone.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"
Source: "..\..\NOTICE"; DestDir: "{app}"; DestName: "NOTICE.txt"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "org.softphone.AgentSoftphone"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA = HKCU for a per-user install, HKLM for an all-users install.
Root: HKA; Subkey: "{#AppKey}"; Flags: uninsdeletekey
Root: HKA; Subkey: "{#AppKey}\Capabilities"; ValueType: string; ValueName: "ApplicationName"; ValueData: "{#AppName}"
Root: HKA; Subkey: "{#AppKey}\Capabilities"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "Contact-center softphone"
Root: HKA; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "{#AppName}"; ValueData: "{#AppKey}\Capabilities"; Flags: uninsdeletevalue

; tel:
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.tel"; ValueType: string; ValueName: ""; ValueData: "URL:tel (Agent Softphone)"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.tel\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "{#AppKey}\Capabilities\URLAssociations"; ValueType: string; ValueName: "tel"; ValueData: "AgentSoftphone.tel"
Root: HKA; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: ""; ValueData: "URL:tel"; Flags: uninsdeletekey; Check: SchemeIsFree('tel')
Root: HKA; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Check: SchemeIsFree('tel')
Root: HKA; Subkey: "Software\Classes\tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Check: SchemeIsFree('tel')

; sip:
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.sip"; ValueType: string; ValueName: ""; ValueData: "URL:sip (Agent Softphone)"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.sip"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.sip\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.sip\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "{#AppKey}\Capabilities\URLAssociations"; ValueType: string; ValueName: "sip"; ValueData: "AgentSoftphone.sip"
Root: HKA; Subkey: "Software\Classes\sip"; ValueType: string; ValueName: ""; ValueData: "URL:sip"; Flags: uninsdeletekey; Check: SchemeIsFree('sip')
Root: HKA; Subkey: "Software\Classes\sip"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Check: SchemeIsFree('sip')
Root: HKA; Subkey: "Software\Classes\sip\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Check: SchemeIsFree('sip')

; callto:
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.callto"; ValueType: string; ValueName: ""; ValueData: "URL:callto (Agent Softphone)"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.callto\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\AgentSoftphone.callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "{#AppKey}\Capabilities\URLAssociations"; ValueType: string; ValueName: "callto"; ValueData: "AgentSoftphone.callto"
Root: HKA; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: ""; ValueData: "URL:callto"; Flags: uninsdeletekey; Check: SchemeIsFree('callto')
Root: HKA; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Check: SchemeIsFree('callto')
Root: HKA; Subkey: "Software\Classes\callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Check: SchemeIsFree('callto')

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ True when no program has registered the scheme yet, or this installer already did (upgrade). }
function SchemeIsFree(Scheme: String): Boolean;
var
  Command: String;
begin
  Result := True;
  if RegQueryStringValue(HKA, 'Software\Classes\' + Scheme + '\shell\open\command', '', Command) then
    Result := Pos(LowerCase(ExpandConstant('{app}')), LowerCase(Command)) > 0;
end;
