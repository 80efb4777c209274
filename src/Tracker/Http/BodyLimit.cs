using Microsoft.AspNetCore.WebUtilities;

namespace Tracker.Http;

/// <summary>
/// Request bodies over 256 KiB are refused with 413 before they are read: the longest legitimate write
/// (a 10,000-character quote) is far below it. A body is received whole before anything else runs, as nginx
/// buffers one before its upstream sees it: the token check takes the request's pooled connection (see
/// <see cref="EventStore.StoreSession"/>), and a slow upload must not hold that connection while it trickles in.
/// The buffered body also lets the idempotency fingerprint hash it after binding.
/// </summary>
public static class BodyLimit
{
    public const int MaxBytes = 256 * 1024;

    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.ContentLength > MaxBytes) throw new BadHttpRequestException("Request body too large.", 413);
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = MaxBytes;
        http.Request.Body = new LimitedStream(http.Request.Body, MaxBytes);
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true })
        {
            http.Request.EnableBuffering(MaxBytes);
            await http.Request.Body.DrainAsync(http.RequestAborted);
            http.Request.Body.Position = 0;
        }
        await next(http);
    });

    /// <summary>Counts what is read, for hosts (the test server, chunked uploads) that do not enforce a limit themselves.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private int Count(int n)
        {
            read += n;
            if (read > limit) throw new BadHttpRequestException("Request body too large.", 413);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
