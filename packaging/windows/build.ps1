# Windows build: PyInstaller one-dir, frozen self-test, Inno Setup installer, silent install check.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-Python python] [-Iscc iscc]
# Needs Python 3.11/3.12 with the project installed (pip install -e .[packaging]) and Inno Setup 6.
param([string]$Python = "python", [string]$Iscc = "iscc")
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

& $Python packaging\build.py --out build\package
if ($LASTEXITCODE -ne 0) { throw "PyInstaller build failed" }
$version = (& $Python -c "import sys; sys.path.insert(0, 'packaging'); import appmeta; print(appmeta.version())").Trim()
$exe = "build\package\dist\softphone\softphone.exe"

# the exe is windowed (no console): the self-test writes its report to a file
function Invoke-Selftest([string]$Exe, [string]$Report) {
    $p = Start-Process -FilePath $Exe -ArgumentList "--selftest", "--report", $Report -Wait -PassThru -NoNewWindow
    Get-Content $Report | Write-Host
    if ($p.ExitCode -ne 0) { throw "self-test of $Exe failed (exit $($p.ExitCode))" }
}
Invoke-Selftest $exe (Join-Path $PWD "build\package\selftest-windows-onedir.txt")

& $Iscc "/DAppVersion=$version" packaging\windows\softphone.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
$setup = "build\package\agent-softphone-$version-setup.exe"

# silent per-user install, then the installed app's self-test and the URI handler registration
$dir = Join-Path $env:LOCALAPPDATA "Programs\Agent Softphone"
$p = Start-Process -FilePath $setup -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/CURRENTUSER", "/DIR=`"$dir`"" -Wait -PassThru
if ($p.ExitCode -ne 0) { throw "installer failed (exit $($p.ExitCode))" }
Invoke-Selftest (Join-Path $dir "softphone.exe") (Join-Path $PWD "build\package\selftest-windows-installed.txt")
foreach ($scheme in "tel", "sip", "callto") {
    $cmd = (Get-ItemProperty "HKCU:\Software\Classes\AgentSoftphone.$scheme\shell\open\command").'(default)'
    if ($cmd -notlike "*softphone.exe*%1*") { throw "$scheme handler not registered: $cmd" }
    Write-Host "$scheme -> $cmd"
}
Write-Host "Windows package ok: $setup"
