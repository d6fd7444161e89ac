#include "cuttingproxy.h"

#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace {

// One forwarded connection: the client's socket and ours to the target. Bytes
// either way are passed on as they come; a side closing is passed on too.
class Link : public QObject
{
public:
    Link(QTcpSocket *client, quint16 targetPort, QObject *parent)
        : QObject(parent)
        , m_client(client)
        , m_upstream(new QTcpSocket(this))
    {
        m_client->setParent(this);
        connect(m_client, &QTcpSocket::readyRead, this, [this] { toUpstream(); });
        connect(m_client, &QTcpSocket::disconnected, this, [this] {
            toUpstream();
            m_upstream->disconnectFromHost();
            reapIfDone();
        });
        connect(m_upstream, &QTcpSocket::connected, this, [this] {
            m_upstreamReady = true;
            m_upstream->write(m_pending);
            m_pending.clear();
            toUpstream();
        });
        connect(m_upstream, &QTcpSocket::readyRead, this, [this] { toClient(); });
        connect(m_upstream, &QTcpSocket::disconnected, this, [this] {
            toClient();
            m_client->disconnectFromHost();
            reapIfDone();
        });
        connect(m_upstream, &QTcpSocket::errorOccurred, this, [this] {
            if (!m_upstreamReady)
                m_client->abort(); // the target refused: so does the proxy
            reapIfDone();
        });
        for (QTcpSocket *socket : { m_client, m_upstream })
            connect(socket, &QTcpSocket::stateChanged, this, [this] { reapIfDone(); });
        m_upstream->connectToHost(QHostAddress::LocalHost, targetPort);
    }

    bool isOpen() const { return !m_done; }

    void cut(CuttingProxy::Cut how)
    {
        if (m_done)
            return;
        for (QTcpSocket *socket : { m_client, m_upstream }) {
            disconnect(socket, nullptr, this, nullptr);
            dropConnection(socket, how);
        }
        m_done = true;
        deleteLater();
    }

private:
    static void dropConnection(QTcpSocket *socket, CuttingProxy::Cut how)
    {
#ifdef Q_OS_UNIX
        const qintptr fd = socket->socketDescriptor();
        if (fd >= 0 && how == CuttingProxy::Cut::Reset) {
            // Linger on, timeout 0: closing sends RST, as a failing network does.
            const linger resetOnClose { 1, 0 };
            ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &resetOnClose, sizeof resetOnClose);
        } else if (fd >= 0) {
            // FIN now, whatever is still unread or unsent.
            ::shutdown(int(fd), SHUT_RDWR);
        }
#else
        Q_UNUSED(how);
#endif
        socket->abort();
    }

    void toUpstream()
    {
        const QByteArray bytes = m_client->readAll();
        if (bytes.isEmpty())
            return;
        if (m_upstreamReady)
            m_upstream->write(bytes);
        else
            m_pending += bytes;
    }

    void toClient()
    {
        const QByteArray bytes = m_upstream->readAll();
        if (!bytes.isEmpty() && m_client->state() == QAbstractSocket::ConnectedState)
            m_client->write(bytes);
    }

    void reapIfDone()
    {
        if (m_done || m_client->state() != QAbstractSocket::UnconnectedState
            || m_upstream->state() != QAbstractSocket::UnconnectedState)
            return;
        m_done = true;
        deleteLater();
    }

    QTcpSocket *m_client;
    QTcpSocket *m_upstream;
    QByteArray m_pending; // client bytes that came before the upstream connection
    bool m_upstreamReady = false;
    bool m_done = false;
};

} // namespace

CuttingProxy::CuttingProxy(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &CuttingProxy::onNewConnection);
}

CuttingProxy::~CuttingProxy()
{
    for (const QPointer<QObject> &link : std::as_const(m_links))
        delete link.data();
}

bool CuttingProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl CuttingProxy::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    url.setPath(QStringLiteral("/"));
    return url;
}

int CuttingProxy::openConnectionCount() const
{
    int open = 0;
    for (const QPointer<QObject> &link : m_links) {
        if (link && static_cast<const Link *>(link.data())->isOpen())
            ++open;
    }
    return open;
}

void CuttingProxy::cutAll(Cut how)
{
    for (const QPointer<QObject> &link : std::as_const(m_links)) {
        auto *forwarded = static_cast<Link *>(link.data());
        if (forwarded && forwarded->isOpen()) {
            forwarded->cut(how);
            ++m_cut;
        }
    }
}

void CuttingProxy::onNewConnection()
{
    m_links.removeIf([](const QPointer<QObject> &link) { return link.isNull(); });
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        m_links.append(new Link(client, m_targetPort, this));
        ++m_accepted;
        emit connectionAccepted(m_accepted);
    }
}
