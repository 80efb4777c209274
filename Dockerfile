# Used by docker-compose.yml. The app talks to the compose file's PostgreSQL; no embedded cluster in the image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Tracker/Tracker.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /data && chown app /data
USER app
ENTRYPOINT ["dotnet", "tracker.dll"]
