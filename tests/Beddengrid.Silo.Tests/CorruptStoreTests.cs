using Beddengrid.Testing;
using Microsoft.Data.Sqlite;

namespace Beddengrid.Silo.Tests;

public sealed class CorruptStoreTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("beddengrid-corrupt-").FullName;

    [Fact]
    public async Task A_truncated_bed_record_stops_the_silo_with_an_error_naming_the_record()
    {
        var port = LoopbackPort.Free();
        await using (var silo = await SiloProcess.StartAsync(_dataFolder, port, TimeSpan.FromSeconds(120)))
        {
            silo.Kill();
        }
        var bed = Tamper("SELECT grain_key FROM grain_log WHERE grain_type = 'bed' ORDER BY grain_key LIMIT 1", "UPDATE grain_log SET data = substr(data, 1, 20) WHERE grain_type = 'bed' AND grain_key = $key");

        var output = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(_dataFolder, port, TimeSpan.FromSeconds(60)));

        Assert.True(output.Message.Contains("exited with code 1 ") && output.Message.Contains($"bed/{bed}"), output.Message);
    }

    [Fact]
    public async Task A_store_of_an_unknown_schema_version_stops_the_silo_with_an_error_naming_the_version()
    {
        var port = LoopbackPort.Free();
        await using (var silo = await SiloProcess.StartAsync(_dataFolder, port, TimeSpan.FromSeconds(120)))
        {
            silo.Kill();
        }
        Tamper(null, "UPDATE schema_version SET version = 99");

        var output = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(_dataFolder, port, TimeSpan.FromSeconds(60)));

        Assert.Contains("99", output.Message);
    }

    private string? Tamper(string? select, string update)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataFolder, "beddengrid.db")};Pooling=False");
        connection.Open();
        string? key = null;
        if (select is not null)
        {
            using var query = connection.CreateCommand();
            query.CommandText = select;
            key = (string)query.ExecuteScalar()!;
        }
        using var command = connection.CreateCommand();
        command.CommandText = update;
        command.Parameters.AddWithValue("$key", (object?)key ?? DBNull.Value);
        Assert.Equal(1, command.ExecuteNonQuery());
        return key;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
