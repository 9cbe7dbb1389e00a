// CloudI.External: services in any language, run as OS processes speaking CloudI's
// external-service protocol (../shared/specs/cloudi-external-protocol.md).
