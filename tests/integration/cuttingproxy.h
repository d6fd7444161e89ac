#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

// A tiny TCP proxy on 127.0.0.1 that forwards every connection to a target
// port, and can cut all of them at once: what a proxy restarting or a network
// dropping looks like to both ends. It keeps accepting new connections after a
// cut, so a client can come back through it.
class CuttingProxy : public QObject
{
    Q_OBJECT
public:
    // How the connections are cut.
    enum class Cut {
        Reset, // RST to both ends: a network or proxy failure
        Close, // FIN to both ends, pending bytes dropped: a proxy closing idle-looking links
    };
    Q_ENUM(Cut)

    explicit CuttingProxy(quint16 targetPort, QObject *parent = nullptr);
    ~CuttingProxy() override;

    // Listens on 127.0.0.1 at a free port.
    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    // http://127.0.0.1:<port>/
    QUrl url() const;

    // Connections accepted since construction.
    int connectionCount() const { return m_accepted; }
    // Connections currently forwarded.
    int openConnectionCount() const;
    // Connections cut by cutAll() since construction.
    int cutCount() const { return m_cut; }

public slots:
    // Drops every current client/upstream pair at once; new connections are
    // still accepted and forwarded.
    void cutAll(CuttingProxy::Cut how = Cut::Reset);

signals:
    void connectionAccepted(int count);

private:
    void onNewConnection();

    QTcpServer m_server;
    quint16 m_targetPort;
    QList<QPointer<QObject>> m_links;
    int m_accepted = 0;
    int m_cut = 0;
};
