global using ApiTransId = CloudI.Api.TransId;
