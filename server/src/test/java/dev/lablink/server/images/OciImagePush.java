package dev.lablink.server.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A small OCI image written by hand (one tar.gz layer holding one file, a config, a manifest) and
 * pushed as {@code docker push} does: each blob by a monolithic upload ({@code POST
 * /v2/<name>/blobs/uploads/}, then {@code PUT <location>?digest=}), then the manifest under its tag.
 */
public final class OciImagePush {
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    /** What was pushed: the manifest's digest and the image's size (config and layer), as a registry reports them. */
    public record Pushed(String digest, long sizeBytes, long manifestSize) {
    }

    private final URI registry;
    /** The Authorization header for a repository (null: none), for registries that ask for a login. */
    private final Function<String, String> authorization;
    private final HttpClient http = HttpClient.newHttpClient();

    public OciImagePush(URI registry, Function<String, String> authorization) {
        this.registry = registry;
        this.authorization = authorization;
    }

    public OciImagePush(URI registry) {
        this(registry, repository -> null);
    }

    /** Pushes an image whose one file says {@code content}: a different content makes a different digest. */
    public Pushed push(String repository, String tag, String content) throws IOException, InterruptedException {
        byte[] layer = layer(content);
        String layerDigest = upload(repository, layer);
        byte[] config = """
                {"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["%s"]}}"""
                .formatted(sha256(ungzipped(content))).getBytes(StandardCharsets.UTF_8);
        String configDigest = upload(repository, config);
        byte[] manifest = """
                {"schemaVersion":2,"mediaType":"%s",\
                "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}"""
                .formatted(MANIFEST_TYPE, configDigest, config.length, layerDigest, layer.length).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = http.send(request(repository, registry.resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", MANIFEST_TYPE).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        expect(put, 201, "PUT manifest");
        return new Pushed(sha256(manifest), config.length + layer.length, manifest.length);
    }

    /**
     * Pushes an OCI index under {@code tag} naming two images already pushed (by digest): one for
     * linux/arm64, one for linux/amd64, as a multi-platform build does. Returns the index's digest.
     */
    public String pushIndex(String repository, String tag, Pushed arm64, Pushed amd64)
            throws IOException, InterruptedException {
        byte[] index = ("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\
                {"mediaType":"%1$s","digest":"%2$s","size":%3$d,"platform":{"architecture":"arm64","os":"linux"}},\
                {"mediaType":"%1$s","digest":"%4$s","size":%5$d,"platform":{"architecture":"amd64","os":"linux"}}]}""")
                .formatted(MANIFEST_TYPE, arm64.digest(), arm64.manifestSize(), amd64.digest(), amd64.manifestSize()).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = http.send(request(repository, registry.resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.index.v1+json").PUT(HttpRequest.BodyPublishers.ofByteArray(index)).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(put, 201, "PUT index");
        return sha256(index);
    }

    /** Deletes the manifest a tag names (and with it every tag naming it), as {@code DELETE /v2/<name>/manifests/<digest>}. */
    public void delete(String repository, String digest) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(repository, registry.resolve("/v2/" + repository + "/manifests/" + digest)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        expect(response, 202, "DELETE manifest");
    }

    private String upload(String repository, byte[] blob) throws IOException, InterruptedException {
        String digest = sha256(blob);
        HttpResponse<String> start = http.send(request(repository, registry.resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        expect(start, 202, "POST blob upload");
        URI location = registry.resolve(start.headers().firstValue("Location").orElseThrow());
        URI put = URI.create(location + (location.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> done = http.send(request(repository, put).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
        expect(done, 201, "PUT blob");
        return digest;
    }

    private HttpRequest.Builder request(String repository, URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        String auth = authorization.apply(repository);
        if (auth != null) {
            builder.header("Authorization", auth);
        }
        return builder;
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static byte[] ungzipped(String content) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            byte[] file = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("hello.txt");
            entry.setSize(file.length);
            entry.setModTime(0);
            out.putArchiveEntry(entry);
            out.write(file);
            out.closeArchiveEntry();
        }
        return tar.toByteArray();
    }

    private static byte[] layer(String content) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(ungzipped(content));
        }
        return gz.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
