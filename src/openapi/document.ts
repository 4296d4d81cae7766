/** The OpenAPI 3.1 document, generated once per isolate from the registry (src/openapi/registry.ts). */
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { buildRegistry } from './registry';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

let cached: OpenApiDocument | undefined;

export function openApiDocument(): OpenApiDocument {
  cached ??= new OpenApiGeneratorV31(buildRegistry().definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Marquee API',
      version: '1',
      description:
        'Find where to watch films and series. Errors share one shape: `{"error": {"code", "message", "details"?, "requestId"}}`. ' +
        'Anonymous callers are rate limited per IP; sign in (POST /api/v1/auth/login) and send `Authorization: Bearer <accessToken>` for more. ' +
        'The same capabilities are on GraphQL at /graphql (GraphiQL in a browser).',
    },
    servers: [{ url: '/' }],
  });
  return cached;
}
