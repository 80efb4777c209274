using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tracker.Hosting;

/// <summary>
/// ASP.NET Core's data-protection key ring (what signs workbench cookies and antiforgery tokens) kept in the database
/// rather than each node's home folder, so a cookie issued by one app node is accepted by every other.
/// </summary>
public sealed class DatabaseKeyRing(NpgsqlDataSource dataSource) : IXmlRepository
{
    public const string Table = $"{TrackerStore.Schema}.data_protection_keys";

    public const string Ddl = $"create table if not exists {Table} (id bigint generated always as identity primary key, name text not null, xml text not null)";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var cmd = dataSource.CreateCommand($"select xml from {Table} order by id");
        using var reader = cmd.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read()) keys.Add(XElement.Parse(reader.GetString(0)));
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var cmd = dataSource.CreateCommand($"insert into {Table} (name, xml) values ($1, $2)");
        cmd.Parameters.Add(new() { Value = friendlyName });
        cmd.Parameters.Add(new() { Value = element.ToString(SaveOptions.DisableFormatting) });
        cmd.ExecuteNonQuery();
    }

    public static void Use(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("tracker");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRing(sp.GetRequiredService<NpgsqlDataSource>())));
    }
}
