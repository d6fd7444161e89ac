#pragma once

#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace rill {

// The server side of TLS from a PEM certificate (chain) file and a PEM private
// key file; std::nullopt with `error` saying why when they cannot be used.
std::optional<QSslConfiguration> loadTlsConfiguration(
    const QString &certificateFile, const QString &keyFile, QString *error);

} // namespace rill
