// Unix file modes, Unix sockets and POSIX signals: cloudi runs on Linux (x64, arm64).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
