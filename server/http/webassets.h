#pragma once

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace rill {

// One file of the browser demo page, compiled in from resources/web.
struct WebAsset
{
    QByteArray body;
    QByteArray contentType;
};

// The URL paths the demo page is made of: "/" (index.html) and its script, style and icon.
QStringList webAssetPaths();

// The file served at `urlPath`, or nothing when the page has no such file.
std::optional<WebAsset> findWebAsset(const QString &urlPath);

// The page loads nothing but its own files and talks only to its own origin; the
// policy says so, so that an injected script or a foreign resource cannot run.
QByteArray webContentSecurityPolicy();

} // namespace rill
