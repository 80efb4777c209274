using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Tracker.Audit.Checkpoints;

/// <summary>A newsroom's Ed25519 signing key, read from its file; the public half is what outsiders check with.</summary>
public sealed class NewsroomKey(Key key) : IDisposable
{
    public string PublicPem { get; } = Encoding.ASCII.GetString(key.PublicKey.Export(KeyBlobFormat.PkixPublicKeyText)).ReplaceLineEndings("\n");

    public string Fingerprint { get; } = SigningKeys.Fingerprint(key.PublicKey);

    public string Sign(string statement) =>
        Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(statement)));

    public bool Verifies(Checkpoint checkpoint)
    {
        Span<byte> signature = stackalloc byte[SignatureAlgorithm.Ed25519.SignatureSize];
        return Convert.TryFromBase64String(checkpoint.Signature, signature, out var length)
            && length == signature.Length
            && SignatureAlgorithm.Ed25519.Verify(key.PublicKey, Encoding.UTF8.GetBytes(checkpoint.Statement()), signature);
    }

    public void Dispose() => key.Dispose();
}

/// <summary>A key file that is there but cannot be used (unreadable, damaged): an operator's problem, never a client's.</summary>
public sealed class SigningKeyUnusableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Each newsroom's checkpoint signing key: a PKCS#8 PEM file, <c>{keyFolder}/{newsroom}.pem</c>, readable by the owner only
/// (0600), outside the database so that someone who can rewrite the database cannot sign for it. Made the first time a
/// newsroom needs one; read afresh each time, so a replaced file is what verification checks against.
/// </summary>
public sealed class SigningKeys(CheckpointOptions options, ILogger<SigningKeys> logger)
{
    public const string Algorithm = "ed25519";

    public string PathFor(string newsroom)
    {
        // A slug is letters, digits and dashes; anything else must not walk out of the key folder.
        if (newsroom.Length == 0 || newsroom.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ArgumentException($"'{newsroom}' is not a newsroom slug.", nameof(newsroom));
        return Path.Combine(options.KeyFolder, newsroom + ".pem");
    }

    /// <summary>The newsroom's key, made now when it has none.</summary>
    public NewsroomKey GetOrCreate(string newsroom)
    {
        if (Find(newsroom) is { } existing) return existing;
        var path = PathFor(newsroom);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(options.KeyFolder);
        else Directory.CreateDirectory(options.KeyFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var key = Key.Create(SignatureAlgorithm.Ed25519, Exportable());
        // Written aside, then moved into place without replacing: a reader never sees half a key, and when two processes
        // make a first key at once, one file wins and both use it.
        var aside = $"{path}.{Guid.NewGuid():N}.tmp";
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(aside, file))
        {
            stream.Write(key.Export(KeyBlobFormat.PkixPrivateKeyText));
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(aside, path, overwrite: false);
            logger.LogWarning("Made a checkpoint signing key for newsroom '{Newsroom}' in {Path} (owner-readable only). Keep a copy; " +
                "publish its public key (tracker audit key).", newsroom, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(aside);
        }
        return Find(newsroom) ?? throw new InvalidOperationException($"The signing key {path} could not be read back.");
    }

    /// <summary>The newsroom's key as its file holds it now; null when there is no file.</summary>
    public NewsroomKey? Find(string newsroom)
    {
        var path = PathFor(newsroom);
        if (!File.Exists(path)) return null;
        try
        {
            return new NewsroomKey(Key.Import(SignatureAlgorithm.Ed25519, File.ReadAllBytes(path), KeyBlobFormat.PkixPrivateKeyText, Exportable()));
        }
        catch (FormatException e)
        {
            throw new SigningKeyUnusableException($"The signing key {path} is not an Ed25519 PKCS#8 PEM private key.", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new SigningKeyUnusableException($"The signing key {path} cannot be read: {e.Message}", e);
        }
    }

    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };

    /// <summary>SHA-256 of the key's DER SubjectPublicKeyInfo (the bytes inside the public PEM), lowercase hex.</summary>
    public static string Fingerprint(PublicKey key) => Convert.ToHexStringLower(SHA256.HashData(key.Export(KeyBlobFormat.PkixPublicKey)));
}
