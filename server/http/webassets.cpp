#include "server/http/webassets.h"

#include <QFile>

namespace rill {

namespace {

struct AssetEntry
{
    const char *urlPath;
    const char *resource;
    const char *contentType;
};

constexpr AssetEntry kAssets[] = {
    { "/", ":/web/index.html", "text/html; charset=utf-8" },
    { "/demo.js", ":/web/demo.js", "text/javascript; charset=utf-8" },
    { "/demo.css", ":/web/demo.css", "text/css; charset=utf-8" },
    { "/favicon.svg", ":/web/favicon.svg", "image/svg+xml" },
};

} // namespace

QStringList webAssetPaths()
{
    QStringList paths;
    for (const AssetEntry &entry : kAssets)
        paths.append(QLatin1String(entry.urlPath));
    return paths;
}

std::optional<WebAsset> findWebAsset(const QString &urlPath)
{
    for (const AssetEntry &entry : kAssets) {
        if (urlPath != QLatin1String(entry.urlPath))
            continue;
        QFile file(QLatin1String(entry.resource));
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        return WebAsset { file.readAll(), QByteArray(entry.contentType) };
    }
    return std::nullopt;
}

QByteArray webContentSecurityPolicy()
{
    return QByteArrayLiteral("default-src 'none'; script-src 'self'; style-src 'self'; "
                             "img-src 'self'; connect-src 'self'; base-uri 'none'; "
                             "form-action 'none'; frame-ancestors 'none'");
}

} // namespace rill
