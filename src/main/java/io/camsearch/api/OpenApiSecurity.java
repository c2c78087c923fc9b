package io.camsearch.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Declares the API key in the OpenAPI document, so that Swagger UI's "Authorize" sends it as a
 * bearer token. The requirement lists "no key" as an alternative: keys are optional
 * ({@code camsearch.api.*}), and the document is built once, not per configuration.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiSecurity implements OASFilter {

    static final String SCHEME = "apiKey";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A key from camsearch.api.search-keys or admin-keys (also accepted as X-Api-Key); needed only when keys are configured"));
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME));
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement());
    }
}
