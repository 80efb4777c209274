using Microsoft.AspNetCore.Http.Features;

namespace Tracker.Http;

/// <summary>
/// HEAD is answered as GET without the body (RFC 9110 §9.3.2): load balancers and link checkers probe with it, and the
/// routes are mapped for GET only. Runs before routing and authentication, so a HEAD is let in exactly where a GET is,
/// and a POST-only route still answers 405. The body is counted, not sent, so Content-Length is what GET would send.
/// </summary>
public static class HeadAsGet
{
    private static readonly object Marker = new();

    /// <summary>A GET that is really a HEAD: an endpoint whose body costs a read of the whole record (an export) skips writing it.</summary>
    public static bool IsHead(this HttpContext http) => http.Items.ContainsKey(Marker);

    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await next(http);
            return;
        }
        var original = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var counter = new CountingStream();
        // No prior feature: the response does not start (headers stay open) when the endpoint writes, so the length can be set after.
        var discarded = new StreamResponseBodyFeature(counter);
        http.Features.Set<IHttpResponseBodyFeature>(discarded);
        http.Request.Method = HttpMethods.Get;
        http.Items[Marker] = true;
        try
        {
            await next(http);
            await discarded.CompleteAsync();
            if (!http.Response.HasStarted && http.Response.ContentLength is null && counter.Length > 0
                && !http.Response.Headers.ContainsKey("Transfer-Encoding"))
                http.Response.ContentLength = counter.Length;
        }
        finally
        {
            http.Request.Method = HttpMethods.Head;
            http.Features.Set(original);
        }
    });

    /// <summary>Swallows the body, keeping only its length.</summary>
    private sealed class CountingStream : Stream
    {
        private long written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => written += count;
        public override void Write(ReadOnlySpan<byte> buffer) => written += buffer.Length;
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            written += count;
            return Task.CompletedTask;
        }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
