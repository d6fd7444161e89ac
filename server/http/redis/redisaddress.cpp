#include "server/http/redis/redisaddress.h"

#include <QUrl>
#include <QUrlQuery>

namespace rill {

QString RedisAddress::display() const
{
    const QString where = isUnixSocket() ? QStringLiteral("unix://") + socketPath
                                         : QStringLiteral("%1:%2").arg(host).arg(port);
    return database == 0 ? where : QStringLiteral("%1 db %2").arg(where).arg(database);
}

std::optional<RedisAddress> RedisAddress::parse(const QString &text, QString *error)
{
    const auto fail = [&](const QString &why) -> std::optional<RedisAddress> {
        if (error)
            *error = QStringLiteral("--redis takes redis://[:password@]host:port[/db] or "
                                    "unix:///path, not \"%1\": %2")
                         .arg(text, why);
        return std::nullopt;
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(url.errorString());
    RedisAddress address;
    address.password = url.password(QUrl::FullyDecoded);
    bool ok = true;
    if (url.scheme() == u"unix") {
        if (!url.host().isEmpty() || url.path().isEmpty())
            return fail(QStringLiteral("a unix socket URL has an absolute path and no host"));
        address.socketPath = url.path(QUrl::FullyDecoded);
        const QString db = QUrlQuery(url).queryItemValue(QStringLiteral("db"));
        if (!db.isEmpty())
            address.database = db.toInt(&ok);
    } else if (url.scheme() == u"redis") {
        if (url.host().isEmpty())
            return fail(QStringLiteral("no host"));
        address.host = url.host();
        address.port = url.port(6379);
        const QString path = url.path();
        if (!path.isEmpty() && path != u"/")
            address.database = path.mid(1).toInt(&ok);
    } else {
        return fail(QStringLiteral("the scheme is redis or unix"));
    }
    if (!ok || address.database < 0 || address.database > 1000000)
        return fail(QStringLiteral("the database is a number"));
    return address;
}

} // namespace rill
