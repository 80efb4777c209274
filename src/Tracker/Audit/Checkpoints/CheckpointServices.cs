namespace Tracker.Audit.Checkpoints;

public static class CheckpointServices
{
    /// <summary>Signed checkpoints: the keys, the table and file copy, the witness, verification and the automatic round.</summary>
    public static IServiceCollection AddCheckpoints(this IServiceCollection services)
    {
        services.AddSingleton(sp => CheckpointOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<CheckpointFile>();
        services.AddHttpClient(Witness.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<Witness>();
        services.AddSingleton<CheckpointKeeper>();
        services.AddSingleton<CheckpointAudit>();
        services.AddSingleton<RecordAudit>();
        services.AddHostedService<AutomaticCheckpoints>();
        return services;
    }
}
