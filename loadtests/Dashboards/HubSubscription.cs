using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Beddengrid.LoadTests.Dashboards;

/// <summary>
/// A minimal client of the SignalR JSON hub protocol over WebSockets (the .NET SignalR client does not restore here):
/// negotiate (POST {hub}/negotiate?negotiateVersion=1 → connectionToken), connect ws://{hub}?id={token}&amp;access_token={key},
/// handshake {"protocol":"json","version":1}, then receive 0x1E-separated messages. It only listens — invocations are
/// handed to <c>onInvocation</c> with the timestamp their bytes arrived — and keeps the connection alive with a ping
/// every <see cref="PingInterval"/> (the server drops a client silent for 30 s).
/// </summary>
internal sealed class HubSubscription : IAsyncDisposable
{
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] PingMessage = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _socket;
    private readonly RecordSeparatedFrames _frames = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;

    private HubSubscription(ClientWebSocket socket) => _socket = socket;

    /// <summary>Why the server ended the connection (a close message with an error, or the socket closing), if it did.</summary>
    public string? EndedBecause { get; private set; }

    public static async Task<HubSubscription> ConnectAsync(
        HttpClient negotiator, Uri hub, string accessToken, Action<HubMessage, long> onInvocation, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(negotiator);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        ArgumentNullException.ThrowIfNull(onInvocation);
        var token = await NegotiateAsync(negotiator, hub, accessToken, cancel);
        var socket = new ClientWebSocket();
        var subscription = new HubSubscription(socket);
        try
        {
            await socket.ConnectAsync(WebSocketAddress(hub, token, accessToken), cancel);
            await socket.SendAsync(Handshake, WebSocketMessageType.Text, endOfMessage: true, cancel);
            await subscription.ReadHandshakeAnswer(cancel);
            subscription._receiving = subscription.ReceiveAsync(onInvocation);
            subscription._pinging = subscription.PingAsync();
            return subscription;
        }
        catch
        {
            await subscription.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the WebSocket politely and waits (briefly) for the server to close its side.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        await _pinging;
        if (_socket.State == WebSocketState.Open)
        {
            using var closing = new CancellationTokenSource(timeout);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", closing.Token);
                await _receiving.WaitAsync(closing.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // The server did not finish the close in time; the socket is disposed anyway.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        await Task.WhenAll(_receiving, _pinging).ContinueWith(static _ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
    }

    private static async Task<string> NegotiateAsync(HttpClient negotiator, Uri hub, string accessToken, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub.AbsoluteUri.TrimEnd('/') + "/negotiate?negotiateVersion=1"));
        request.Headers.Add("X-Api-Key", accessToken);
        using var response = await negotiator.SendAsync(request, cancel);
        var body = await response.Content.ReadAsStringAsync(cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Negotiating with {hub} answered {(int)response.StatusCode}: {body}");
        }
        using var answer = JsonDocument.Parse(body);
        // Version 1 separates the connection's secret token from its public id; version 0 servers send only the id.
        return answer.RootElement.TryGetProperty("connectionToken", out var token) ? token.GetString()!
            : answer.RootElement.TryGetProperty("connectionId", out var id) ? id.GetString()!
            : throw new InvalidDataException($"Negotiating with {hub} gave no connectionToken: {body}");
    }

    private static Uri WebSocketAddress(Uri hub, string connectionToken, string accessToken)
    {
        var address = new UriBuilder(hub)
        {
            Scheme = hub.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Query = $"id={Uri.EscapeDataString(connectionToken)}&access_token={Uri.EscapeDataString(accessToken)}",
        };
        return address.Uri;
    }

    /// <summary>The server answers the handshake with {} (or {"error":…}); messages may follow in the same read.</summary>
    private async Task ReadHandshakeAnswer(CancellationToken cancel)
    {
        while (true)
        {
            var read = await _socket.ReceiveAsync(_frames.WritableMemory(), cancel);
            if (read.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"The hub closed the connection during the handshake: {_socket.CloseStatusDescription}");
            }
            _frames.Advance(read.Count);
            if (_frames.TryRead(out var record))
            {
                using var answer = JsonDocument.Parse(record);
                if (answer.RootElement.TryGetProperty("error", out var error))
                {
                    throw new WebSocketException($"The hub refused the handshake: {error}");
                }
                return;
            }
        }
    }

    private async Task ReceiveAsync(Action<HubMessage, long> onInvocation)
    {
        try
        {
            // Messages that arrived together with the handshake answer come first.
            if (Dispatch(onInvocation, Stopwatch.GetTimestamp()))
            {
                return;
            }
            while (true)
            {
                var read = await _socket.ReceiveAsync(_frames.WritableMemory(), _stop.Token);
                var arrived = Stopwatch.GetTimestamp();
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    EndedBecause ??= $"WebSocket closed: {_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    return;
                }
                _frames.Advance(read.Count);
                if (Dispatch(onInvocation, arrived))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closed by us.
        }
        catch (WebSocketException ex)
        {
            EndedBecause ??= ex.Message;
        }
    }

    /// <summary>Hands every complete record on; true once the server sent a close message.</summary>
    private bool Dispatch(Action<HubMessage, long> onInvocation, long arrived)
    {
        while (_frames.TryRead(out var record))
        {
            var message = HubMessage.Parse(record);
            switch (message.Type)
            {
                case HubMessage.Invocation:
                    onInvocation(message, arrived);
                    break;
                case HubMessage.Close:
                    EndedBecause = $"The hub closed the connection{(message.Error is null ? "" : $": {message.Error}")}.";
                    return true;
                // Pings only keep the connection alive, and this client invokes nothing, so no completion is awaited.
            }
        }
        return false;
    }

    private async Task PingAsync()
    {
        using var timer = new PeriodicTimer(PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token) && _socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(PingMessage, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The connection ended; the receive loop reports why.
        }
    }
}
