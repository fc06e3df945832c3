package dev.vigil.sensor.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The sensor's own HTTP endpoint, on localhost by default: {@code GET /metrics} (Prometheus
 * text), {@code GET /health} (JSON: live, ready, reasons; 200 when ready, 503 otherwise, so a
 * probe needs no JSON parser), {@code GET /assets} (the asset inventory as JSON; 503 with a
 * reason when there is none). Read-only: no request changes anything, any other method is
 * answered 405.
 *
 * <p>One Netty event-loop thread; requests are small (headers only, bodies refused beyond
 * {@link #MAX_REQUEST_BYTES}) and idle connections are closed after
 * {@link #READ_TIMEOUT_SECONDS}. The suppliers run on that thread and must be thread-safe.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    /** Largest request accepted (a GET has no body). */
    public static final int MAX_REQUEST_BYTES = 8 * 1024;
    /** Idle connections are closed after this long. */
    public static final int READ_TIMEOUT_SECONDS = 30;
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String TEXT_TYPE = "text/plain; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventLoopGroup group;
    private final Channel channel;
    private final InetSocketAddress address;

    /** What the endpoint serves. */
    public record Sources(Supplier<String> metrics, String metricsContentType, Supplier<Health.Report> health,
                          Supplier<JsonNode> assets) {
        public Sources {
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(metricsContentType, "metricsContentType");
            Objects.requireNonNull(health, "health");
        }
    }

    private HttpEndpoint(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
        this.address = (InetSocketAddress) channel.localAddress();
    }

    /**
     * Binds and starts serving.
     *
     * @param port 0 for any free port (see {@link #address()})
     * @throws IOException when the address cannot be bound (in use, not local, ...)
     */
    public static HttpEndpoint start(String host, int port, Sources sources) throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vigil-http", true),
                NioIoHandler.newFactory());
        try {
            Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS))
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast(new Handler(sources));
                        }
                    })
                    .bind(host, port).sync().channel();
            return new HttpEndpoint(group, ch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("interrupted while binding " + host + ":" + port, e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The bound address (the real port when 0 was asked). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Sources sources;

        Handler(Sources sources) {
            this.sources = sources;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res;
            if (!req.decoderResult().isSuccess()) {
                res = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
                send(ctx, req, res, false);
                return;
            }
            boolean head = HttpMethod.HEAD.equals(req.method());
            if (!HttpMethod.GET.equals(req.method()) && !head) {
                res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD\n");
                res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            } else {
                res = route(new QueryStringDecoder(req.uri()).path());
            }
            if (head) {
                HttpUtil.setContentLength(res, res.content().readableBytes());
                res.content().clear();
            }
            send(ctx, req, res, HttpUtil.isKeepAlive(req));
        }

        private FullHttpResponse route(String path) {
            try {
                switch (path) {
                    case "/metrics":
                        return response(HttpResponseStatus.OK, sources.metricsContentType(), sources.metrics().get());
                    case "/health": {
                        Health.Report r = sources.health().get();
                        return json(r.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                                r.toJson());
                    }
                    case "/assets":
                        return assets();
                    case "/":
                        return text(HttpResponseStatus.OK, "vigil sensor: /metrics /health /assets\n");
                    default:
                        return text(HttpResponseStatus.NOT_FOUND, "not found: " + path + " (try /metrics, /health, "
                                + "/assets)\n");
                }
            } catch (RuntimeException e) {
                LOG.warn("HTTP endpoint: {} failed: {}", path, e.toString());
                return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, path + " failed: " + e);
            }
        }

        private FullHttpResponse assets() {
            Supplier<JsonNode> s = sources.assets();
            if (s == null) {
                return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "no asset inventory in this sensor");
            }
            JsonNode n;
            try {
                n = s.get();
            } catch (RuntimeException e) {
                return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "asset inventory unavailable: " + e.getMessage());
            }
            if (n == null) {
                return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "asset inventory not ready");
            }
            return json(HttpResponseStatus.OK, n);
        }

        private static FullHttpResponse error(HttpResponseStatus status, String reason) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("error", reason);
            return json(status, o);
        }

        private static FullHttpResponse json(HttpResponseStatus status, JsonNode body) {
            try {
                return response(status, JSON_TYPE, MAPPER.writeValueAsString(body) + "\n");
            } catch (JsonProcessingException e) {
                return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot write JSON: " + e.getMessage() + "\n");
            }
        }

        private static FullHttpResponse text(HttpResponseStatus status, String body) {
            return response(status, TEXT_TYPE, body);
        }

        private static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
            ByteBuf buf = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, buf);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
            return res;
        }

        private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res,
                                 boolean keepAlive) {
            if (!res.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                HttpUtil.setContentLength(res, res.content().readableBytes());
            }
            if (keepAlive) {
                if (!req.protocolVersion().isKeepAliveDefault()) {
                    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                ctx.writeAndFlush(res);
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a reset or timed-out client: nothing to report beyond closing
            ctx.close();
        }
    }
}
