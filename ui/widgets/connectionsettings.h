#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

class QSettings;

namespace rill {

// Which server the window talks to, as the user chose it in the settings.
struct ConnectionSettings
{
    Q_DECLARE_TR_FUNCTIONS(rill::ConnectionSettings)
public:
    enum class Mode { Embedded, Remote };

    Mode mode = Mode::Embedded;
    QUrl url; // Remote only
    QString token; // Remote only; sent as a bearer token

    // Keys server/mode, server/url, server/token.
    static ConnectionSettings load(const QSettings &settings);
    void save(QSettings &settings) const;

    // Why `text` cannot be a server's URL, in a sentence for the user; empty
    // when it can.
    static QString urlProblem(const QString &text);
    // `text` as a base URL: /chat is resolved against it, so its path must end
    // in a slash or its last segment would be replaced.
    static QUrl baseUrl(const QString &text);

    friend bool operator==(const ConnectionSettings &, const ConnectionSettings &) = default;
};

} // namespace rill
