using System.Text;
using NSec.Cryptography;
using Tracker.Audit.Checkpoints;
using Tracker.Cli;
using Tracker.Tests.Support;

namespace Tracker.Tests.Audit;

/// <summary>tracker checkpoint, tracker audit key and tracker verify from a shell, on the embedded database of a data folder.</summary>
public sealed class CheckpointVerbTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("tracker-checkpoint-cli-").FullName;

    [Fact(Timeout = 120_000)]
    public async Task An_operator_takes_a_checkpoint_prints_the_key_and_verify_fails_once_a_copy_is_lost()
    {
        (await TrackerCli.Run(["checkpoint", "--data", data])).ShouldBe(0);
        var file = Path.Combine(data, "checkpoints.jsonl");
        var lines = await File.ReadAllLinesAsync(file);
        var checkpoint = Checkpoint.FromLine(lines.ShouldHaveSingleItem());
        checkpoint.Sequence.ShouldBe(1);
        (await TrackerCli.Run(["verify", "--data", data])).ShouldBe(0);

        var key = await Tracker("audit", "key");
        key.Exit.ShouldBe(0, key.Stderr);
        var printed = key.Stdout.Split('\n');
        printed[0].ShouldBe("-----BEGIN PUBLIC KEY-----");
        printed.ShouldContain($"fingerprint: sha256 {checkpoint.KeyFingerprint}");
        var pem = string.Join('\n', printed.TakeWhile(l => l != "-----END PUBLIC KEY-----")) + "\n-----END PUBLIC KEY-----\n";
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem), KeyBlobFormat.PkixPublicKeyText);
        SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(checkpoint.Statement()), Convert.FromBase64String(checkpoint.Signature))
            .ShouldBeTrue("the printed key checks the checkpoint");

        await File.WriteAllTextAsync(file, "");
        (await TrackerCli.Run(["verify", "--data", data])).ShouldBe(1, "checkpoint 1 is in the database and no longer in the file copy");
    }

    private Task<(int Exit, string Stdout, string Stderr)> Tracker(params string[] args) => AppProcess.RunVerb(args, data);

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
