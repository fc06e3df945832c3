package dev.vigil.sensor.output.webhook;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * A minimal blocking HTTP/1.1 POST over Netty for webhook deliveries: one connection per
 * request ({@code Connection: close}; findings are rare, a pool would only hold sockets open),
 * TLS with certificate and host name verification against the JVM's trust store or a given
 * CA file, a connect timeout and a read timeout (longest silence while waiting for the answer).
 * Called from one delivery thread; the I/O runs on one Netty event loop thread.
 */
final class WebhookHttpClient implements AutoCloseable {
    /** Largest response accepted; only the status, a few headers and the start of the body matter. */
    static final int MAX_RESPONSE_BYTES = 1 << 20;
    /** Characters of a response body kept for logs and dead letters. */
    static final int MAX_BODY_CHARS = 500;

    /** What the receiver answered. */
    record Response(int status, String retryAfter, String body) {
    }

    private final URI url;
    private final String host;
    private final int port;
    private final String pathAndQuery;
    private final SslContext ssl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final EventLoopGroup group;

    WebhookHttpClient(URI url, java.nio.file.Path caCertificate, Duration connectTimeout, Duration readTimeout)
            throws SSLException {
        this.url = url;
        this.host = url.getHost();
        boolean https = "https".equals(url.getScheme());
        this.port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        this.pathAndQuery = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        if (https) {
            SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
            if (caCertificate != null) {
                b.trustManager(caCertificate.toFile());
            }
            this.ssl = b.build();
        } else {
            this.ssl = null;
        }
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    /**
     * POSTs {@code body} with {@code headers} and waits for the answer.
     *
     * @throws IOException on a connection, TLS or timeout failure (no answer)
     */
    Response post(byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast(ssl.newHandler(ch.alloc(), host, port)); // SNI and host name check
                        }
                        p.addLast(new ReadTimeoutHandler(readTimeout.toMillis(), TimeUnit.MILLISECONDS));
                        p.addLast(new HttpClientCodec());
                        p.addLast(new HttpObjectAggregator(MAX_RESPONSE_BYTES));
                        p.addLast(new ResponseHandler(result));
                    }
                });
        ChannelFuture connect = b.connect(host, port);
        Channel ch = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, pathAndQuery,
                    Unpooled.wrappedBuffer(body));
            req.headers().set(HttpHeaderNames.HOST, url.getPort() == -1 ? host : host + ":" + port);
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            req.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            headers.forEach((k, v) -> req.headers().set(k, v));
            ch.writeAndFlush(req).addListener(w -> {
                if (!w.isSuccess()) {
                    result.completeExceptionally(w.cause());
                }
            });
        });
        long waitMillis = connectTimeout.toMillis() + 2 * readTimeout.toMillis() + 1000;
        try {
            return result.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(c.toString(), c);
        } catch (TimeoutException e) {
            throw new IOException("no response within " + waitMillis + " ms");
        } catch (InterruptedException e) {
            throw e;
        } finally {
            ch.close();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final CompletableFuture<Response> result;

        ResponseHandler(CompletableFuture<Response> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
            int n = Math.min(r.content().readableBytes(), MAX_BODY_CHARS * 4);
            String body = r.content().toString(r.content().readerIndex(), n, StandardCharsets.UTF_8);
            if (body.length() > MAX_BODY_CHARS) {
                body = body.substring(0, MAX_BODY_CHARS) + "...";
            }
            result.complete(new Response(r.status().code(), r.headers().get(HttpHeaderNames.RETRY_AFTER), body));
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause instanceof io.netty.handler.timeout.ReadTimeoutException
                    ? new java.net.SocketTimeoutException("no response data for the read timeout") : cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IOException("connection closed before a response"));
        }
    }

}
