// The tests run cloudi, which needs Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
