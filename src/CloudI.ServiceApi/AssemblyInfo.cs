// CloudI.ServiceApi: the Service API service (cloudi_service_api_requests), ../shared/specs/cloudi-http-and-service-api.md (b).
