using System.Text;
using Beddengrid.LoadTests.Dashboards;
using Beddengrid.LoadTests.Targets.Http;

namespace Beddengrid.LoadTests.Tests;

public class HubProtocolTests
{
    private const char Separator = '\u001e';

    [Fact]
    public void Several_records_in_one_read_come_out_one_by_one_without_their_separators()
    {
        var frames = new RecordSeparatedFrames();
        Write(frames, $"{{\"type\":6}}{Separator}{{\"type\":1}}{Separator}");

        Assert.Equal(["{\"type\":6}", "{\"type\":1}"], ReadAll(frames));
        Assert.Equal(0, frames.Pending);
    }

    [Fact]
    public void A_record_split_over_reads_comes_out_whole_once_its_separator_arrives()
    {
        var frames = new RecordSeparatedFrames();
        Write(frames, "{\"type\":1,\"tar");
        Assert.Empty(ReadAll(frames));

        Write(frames, "get\":\"Update\"}");
        Assert.Empty(ReadAll(frames));

        Write(frames, $"{Separator}{{\"type\"");
        Assert.Equal(["{\"type\":1,\"target\":\"Update\"}"], ReadAll(frames));
        Assert.Equal("{\"type\"".Length, frames.Pending);
    }

    [Fact]
    public void A_record_larger_than_the_buffer_grows_it_and_keeps_every_byte()
    {
        var frames = new RecordSeparatedFrames(initialCapacity: 8);
        var large = "{\"text\":\"" + new string('x', 10_000) + "\"}";
        foreach (var chunk in large.Chunk(700))
        {
            Write(frames, new string(chunk), minimum: 700);
        }
        Write(frames, Separator.ToString());

        Assert.Equal([large], ReadAll(frames));
    }

    [Fact]
    public void Empty_records_between_separators_are_skipped()
    {
        var frames = new RecordSeparatedFrames();
        Write(frames, $"{Separator}{Separator}{{}}{Separator}");

        Assert.Equal(["{}"], ReadAll(frames));
    }

    [Theory]
    [InlineData("{\"type\":1,\"target\":\"Update\",\"arguments\":[{\"fromVersion\":40,\"changes\":2,\"totals\":{\"version\":42,\"national\":{}}}]}", 42)]
    [InlineData("{\"type\":1,\"target\":\"Snapshot\",\"arguments\":[{\"version\":7,\"national\":{}}]}", 7)]
    public void The_picture_version_is_read_from_snapshots_and_updates(string json, long version)
    {
        var message = HubMessage.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(HubMessage.Invocation, message.Type);
        Assert.Equal(version, message.PictureVersion);
    }

    [Fact]
    public void A_close_message_carries_the_servers_error()
    {
        var message = HubMessage.Parse(Encoding.UTF8.GetBytes("{\"type\":7,\"error\":\"Connection closed with an error.\"}"));

        Assert.Equal(HubMessage.Close, message.Type);
        Assert.Equal("Connection closed with an error.", message.Error);
        Assert.Null(message.PictureVersion);
    }

    [Theory]
    [InlineData("http://10.0.0.5:5080")]
    [InlineData("http://example.org")]
    public void A_non_loopback_target_is_refused_unless_remote_targets_are_allowed(string url)
    {
        var refused = Assert.Throws<ArgumentException>(() => new HttpTargetOptions(new Uri(url), "key", 8, TimeSpan.FromSeconds(1)));
        Assert.Contains("--allow-remote", refused.Message, StringComparison.Ordinal);

        Assert.Equal(new Uri(url + "/"), new HttpTargetOptions(new Uri(url), "key", 8, TimeSpan.FromSeconds(1), allowRemote: true).BaseAddress);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void A_loopback_target_is_accepted(string url) =>
        Assert.True(HttpTargetOptions.IsLoopback(new HttpTargetOptions(new Uri(url), "key", 8, TimeSpan.FromSeconds(1)).BaseAddress));

    private static void Write(RecordSeparatedFrames frames, string text, int minimum = 64)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(frames.WritableMemory(Math.Max(minimum, bytes.Length)));
        frames.Advance(bytes.Length);
    }

    private static List<string> ReadAll(RecordSeparatedFrames frames)
    {
        var records = new List<string>();
        while (frames.TryRead(out var record))
        {
            records.Add(Encoding.UTF8.GetString(record.Span));
        }
        return records;
    }
}
