// CloudI.Http: the HTTP front service (cloudi_service_http_cowboy), ../shared/specs/cloudi-http-and-service-api.md (a).
