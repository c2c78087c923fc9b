package io.camsearch.api;

import io.camsearch.explain.ImageExplainer;
import io.camsearch.image.DecodedImage;
import io.camsearch.ingest.EventRejectedException;
import io.camsearch.ingest.ImageFetcher;
import io.camsearch.ingest.ImageSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Turns the image of a request (an upload, or JSON with a url or base64) into a decoded image, under the same limits as ingestion. */
@ApplicationScoped
public class QueryImages {

    @Inject
    ImageFetcher fetcher;

    @Inject
    ImageExplainer explainer;

    DecodedImage fromUpload(FileUpload upload) {
        if (upload == null) {
            throw new BadRequestException("the multipart request needs the image in a form field named 'image'");
        }
        try {
            return explainer.decode(Files.readAllBytes(upload.uploadedFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("the uploaded image could not be read back", e);
        }
    }

    DecodedImage fromJson(ApiJson.ImageJson image) throws EventRejectedException {
        if (image == null) {
            throw new BadRequestException("the request needs \"image\": {\"url\": ...} or {\"base64\": ...}");
        }
        return explainer.decode(fetcher.fetch(ImageSource.of(image.url(), image.base64())));
    }
}
