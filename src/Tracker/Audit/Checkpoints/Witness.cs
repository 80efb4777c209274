using System.Text;

namespace Tracker.Audit.Checkpoints;

/// <summary>
/// Sends each checkpoint to the configured witness URL (checkpoints:witnessUrl) by POST, as the same JSON as a
/// checkpoints.jsonl line. Best effort, after the checkpoint is committed: a witness that is down is logged, and the
/// checkpoint stands (the database and the file hold it).
/// </summary>
public sealed class Witness(CheckpointOptions options, IHttpClientFactory http, ILogger<Witness> logger)
{
    public const string ClientName = "checkpoint-witness";

    public async Task<bool> Send(Checkpoint checkpoint, CancellationToken ct)
    {
        if (options.WitnessUrl is not { } url) return false;
        try
        {
            using var client = http.CreateClient(ClientName);
            using var body = new StringContent(checkpoint.ToLine(), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(url, body, ct);
            if (response.IsSuccessStatusCode) return true;
            logger.LogWarning("The witness {Url} answered {Status} to checkpoint {Sequence} of {Newsroom}.",
                url, (int)response.StatusCode, checkpoint.Sequence, checkpoint.Newsroom);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("The witness {Url} could not be reached for checkpoint {Sequence} of {Newsroom}: {Problem}",
                url, checkpoint.Sequence, checkpoint.Newsroom, e.Message);
        }
        return false;
    }
}
