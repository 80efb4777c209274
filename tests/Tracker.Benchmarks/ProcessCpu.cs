using System.Diagnostics;

namespace Tracker.Benchmarks;

/// <summary>
/// CPU time used so far by this process and by a PostgreSQL server on this machine (its postmaster and every process
/// under it, including the ones it has reaped). On a shared machine a
/// rate moves with whatever else runs; CPU per operation moves much less, so it shows what a change saved.
/// </summary>
public readonly record struct ProcessCpu(TimeSpan App, TimeSpan Database)
{
    private const double TicksPerSecond = 100; // USER_HZ, as /proc reports it on Linux

    /// <param name="postmaster">The server's postmaster, or null when it runs elsewhere (its CPU then reads zero).</param>
    public static ProcessCpu Now(int? postmaster) =>
        new(Process.GetCurrentProcess().TotalProcessorTime, postmaster is { } root ? Tree(root) : TimeSpan.Zero);

    /// <summary>The postmaster of the server behind this connection (the parent of its backend), when it runs here.</summary>
    public static async Task<int?> Postmaster(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var cmd = dataSource.CreateCommand("select pg_backend_pid()");
        var backend = (int)(await cmd.ExecuteScalarAsync())!;
        return Stat(backend) is { } stat ? stat.Parent : null;
    }

    public static ProcessCpu operator -(ProcessCpu a, ProcessCpu b) => new(a.App - b.App, a.Database - b.Database);

    public static ProcessCpu operator +(ProcessCpu a, ProcessCpu b) => new(a.App + b.App, a.Database + b.Database);

    /// <summary>User and system time of the root and every process below it, including children they have reaped.</summary>
    private static TimeSpan Tree(int root)
    {
        var processes = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat) processes[pid] = stat;
        long ticks = 0;
        foreach (var (pid, (_, own)) in processes)
        {
            for (var p = pid; ; p = processes[p].Parent)
            {
                if (p == root) { ticks += own; break; }
                if (!processes.ContainsKey(p)) break;
            }
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static (int Parent, long Ticks)? Stat(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // Fields after the command name, which is in parentheses and may hold spaces: state, ppid, …, utime (14), stime, cutime, cstime.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]));
    }
}

/// <summary>CPU (app and server) and operations over the rounds of one side of a figure, counted after the warm-up.</summary>
public sealed class CpuTally(int? postmaster)
{
    public ProcessCpu Cpu { get; private set; }
    public long Operations { get; private set; }

    public async Task<long> Round(Func<Task<long>> round)
    {
        var before = ProcessCpu.Now(postmaster);
        var operations = await round();
        Cpu += ProcessCpu.Now(postmaster) - before;
        Operations += operations;
        return operations;
    }

    /// <summary><paramref name="run"/>, tallied as <paramref name="operations"/> operations each time it runs.</summary>
    public Func<Task> Around(Func<Task> run, long operations) => () => Round(async () =>
    {
        await run();
        return operations;
    });

    public void Clear() => (Cpu, Operations) = (default, 0);

    public double AppMsPerOperation => Cpu.App.TotalMilliseconds / Math.Max(1, Operations);

    public double DatabaseMsPerOperation => Cpu.Database.TotalMilliseconds / Math.Max(1, Operations);
}
