package io.camsearch.api;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.DecodedImage;
import io.camsearch.source.FetchPermits;
import io.camsearch.source.ImageFetcher;
import io.camsearch.source.ImageSource;
import io.camsearch.source.SourceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Turns the image of a request (an upload, or JSON with a url or base64) into a decoded image, under
 * the same limits as ingestion. A search by URL makes the service fetch what a caller names, so it is
 * off unless configured, and its fetches have permits of their own: slow URLs cannot take the
 * request threads that uploads and item searches need.
 */
@ApplicationScoped
public class QueryImages {

    private final ImageExplainer explainer;
    private final FetchPermits urlFetches;
    private final boolean urlsEnabled;

    @Inject
    QueryImages(ImageFetcher fetcher, ImageExplainer explainer, UrlQuerySettings urls) {
        this.explainer = explainer;
        this.urlFetches = new FetchPermits(fetcher, urls.fetchPermits());
        this.urlsEnabled = urls.enabled();
    }

    DecodedImage fromUpload(FileUpload upload) {
        if (upload == null) {
            throw new BadRequestException("MISSING_IMAGE", jakarta.ws.rs.core.Response.Status.BAD_REQUEST,
                    "the multipart request needs the image in a form field named 'image'");
        }
        try {
            return explainer.decode(Files.readAllBytes(upload.uploadedFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("the uploaded image could not be read back", e);
        }
    }

    DecodedImage fromJson(ApiJson.ImageJson image) throws SourceException {
        if (image == null) {
            // The same code as an "image" object with neither field (ImageSource.of): one answer for a missing image.
            throw new SourceException(SourceException.Reason.MISSING, "the request needs \"image\": {\"url\": ...} or {\"base64\": ...}");
        }
        ImageSource source = ImageSource.of(image.url(), image.base64());
        if (source instanceof ImageSource.Remote && !urlsEnabled) {
            throw new SourceException(SourceException.Reason.NOT_ALLOWED, "searching by image URL is off; send the image as \"base64\" or upload it,"
                    + " or have the operator set camsearch.source.search-urls=true");
        }
        if (source instanceof ImageSource.Remote remote && !isHttp(remote)) {
            // file: URLs are for catalog events: a search by one would let any caller probe the file root.
            throw new SourceException(SourceException.Reason.NOT_ALLOWED, "searches take image URLs over http or https only;"
                    + " send a local file as \"base64\" or upload it");
        }
        return explainer.decode(urlFetches.fetch(source));
    }

    private static boolean isHttp(ImageSource.Remote remote) {
        String scheme = remote.url().getScheme();
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }
}
