package dev.lablink.server.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document ({@code /api/v1/openapi.json}) and Swagger UI ({@code /api/v1/docs}): a
 * title and description, the three ways in (admin HTTP Basic, machine token, the client protocol's
 * token), tags by feature, a summary per operation ({@link ApiCatalog}), and field names as the API
 * reads and writes them.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
    static final String ADMIN = "admin";
    static final String ADMIN_TOKEN = "admin_token";
    static final String MACHINE = "machine";
    static final String CLIENT = "lablink_client";

    @Bean
    OpenAPI labLinkOpenApi() {
        String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info().title("LabLink allocator API").version(version == null ? "v1" : version).description("""
                        The allocator provisions machines and hands them to workshop participants.

                        * **Participants** claim on the request page (the seat is bound to their browser) and read the seat count
                          (`GET /api/v1/seats`) without logging in; admins claim on a participant's behalf with `POST /api/v1/claims`.
                        * **Admins** use HTTP Basic (an admin account; the first is `app.admin_user`, default `admin`, with
                          `app.admin_password`) or an API token (`Authorization: Bearer llk_…`) for everything else.
                          Accounts with the viewer role may only read (GET).
                        * **Agents** on the machines send their machine's token as a bearer token on `/api/v1/agent/**`.
                        * **LabLink's client images** use the routes tagged *LabLink client protocol* with the deployment's
                          `compat.token` as bearer token (when `compat.enabled` is true).

                        Field names are snake_case. Errors under `/api/v1` are RFC 9457 `application/problem+json`
                        with `detail` saying what to fix and `field` naming the parameter or field; the client protocol's
                        routes answer `{"error": "…"}` as LabLink's clients expect."""))
                .components(new Components()
                        .addSecuritySchemes(ADMIN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("An admin account's user and password (the first: app.admin_user, default admin, and app.admin_password)"))
                        .addSecuritySchemes(ADMIN_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An admin account's API token (llk_…), from POST /api/v1/tokens or lablink token create"))
                        .addSecuritySchemes(MACHINE, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A machine's own token, handed to its agent at launch"))
                        .addSecuritySchemes(CLIENT, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The deployment's compat.token, shared by LabLink's client images")));
    }

    /** Tags, summaries, security and error shapes for every operation, from {@link ApiCatalog}. */
    @Bean
    OpenApiCustomizer labLinkOperations() {
        return new ApiCatalog()::describe;
    }

    /**
     * Springdoc reads types with its own (Jackson 2) mapper, which would name fields in camelCase
     * while the API's mapper reads and writes snake_case: the document follows the API's mapper.
     */
    @Bean
    ModelResolver snakeCaseModels(ObjectMapperProvider springdocMappers, JsonMapper apiMapper) {
        Object naming = apiMapper.serializationConfig().getPropertyNamingStrategy();
        if (naming != tools.jackson.databind.PropertyNamingStrategies.SNAKE_CASE) {
            throw new IllegalStateException("the API's JSON naming is " + naming + "; teach OpenApiConfiguration its Jackson 2 twin");
        }
        return new ModelResolver(springdocMappers.jsonMapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
                .openapi31(springdocMappers.isOpenapi31());
    }
}
