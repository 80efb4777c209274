using System.Runtime.Versioning;

// The embedded PostgreSQL listens on a Unix socket only; these tests run on Linux and macOS.
[assembly: UnsupportedOSPlatform("windows")]
