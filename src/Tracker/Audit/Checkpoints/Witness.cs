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

    /// <summary>Not tied to the request or round that took the checkpoint: the client's timeout bounds it.</summary>
    public async Task<bool> Send(Checkpoint checkpoint)
    {
        if (options.WitnessUrl is not { } url) return false;
        try
        {
            using var client = http.CreateClient(ClientName);
            using var body = new StringContent(checkpoint.ToLine(), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(url, body, CancellationToken.None);
            if (response.IsSuccessStatusCode) return true;
            logger.LogWarning("The witness {Url} answered {Status} to checkpoint {Sequence} of {Newsroom}.",
                url, (int)response.StatusCode, checkpoint.Sequence, checkpoint.Newsroom);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("The witness {Url} could not be reached for checkpoint {Sequence} of {Newsroom}: {Problem}",
                url, checkpoint.Sequence, checkpoint.Newsroom, e.Message);
        }
        return false;
    }
}
