package dev.vigil.sensor.output.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds the official Java client from an {@link ElasticsearchConfig}; close it with {@code client.close()}. */
public final class ElasticsearchClients {
    private ElasticsearchClients() {
    }

    /**
     * A client over the low-level REST client: endpoints, timeouts, authentication and TLS from
     * the configuration. No request is sent here.
     */
    public static ElasticsearchClient create(ElasticsearchConfig config) {
        HttpHost[] hosts = config.urls().stream().map(ElasticsearchClients::host).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(rc -> rc
                        .setConnectTimeout(millis(config.connectTimeout().toMillis()))
                        .setSocketTimeout(millis(config.requestTimeout().toMillis())));

        List<Header> headers = new ArrayList<>();
        config.apiKey().ifPresent(key -> headers.add(new BasicHeader("Authorization", "ApiKey " + key)));
        config.username().ifPresent(user -> {
            String pair = user + ":" + config.password().orElse("");
            headers.add(new BasicHeader("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
        });
        if (!headers.isEmpty()) {
            builder.setDefaultHeaders(headers.toArray(Header[]::new));
        }
        if (config.caCertificate().isPresent()) {
            SSLContext ssl;
            try {
                ssl = TransportUtils.sslContextFromHttpCaCrt(config.caCertificate().get().toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load CA certificate " + config.caCertificate().get(), e);
            }
            builder.setHttpClientConfigCallback(hc -> hc.setSSLContext(ssl));
        }
        RestClientTransport transport = new RestClientTransport(builder.build(), new JacksonJsonpMapper());
        return new ElasticsearchClient(transport);
    }

    private static HttpHost host(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new HttpHost(uri.getHost(), port, uri.getScheme());
    }

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
