#pragma once

#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"

#include <QList>
#include <QPointer>

#include <memory>

// A real ChatServer with the demo agent on 127.0.0.1, a free port. Every agent
// it starts is recorded in `agents`, so tests can watch runs being freed.
inline std::unique_ptr<rill::ChatServer> startDemoServer(std::chrono::milliseconds stepDelay,
    const rill::ChatServer::Options &options, QList<QPointer<rill::Agent>> *agents)
{
    auto server = std::make_unique<rill::ChatServer>(
        [stepDelay] { return std::make_unique<rill::DemoAgent>(stepDelay); }, options);
    QObject::connect(server.get(), &rill::ChatServer::runStarted, server.get(),
        [agents](rill::Agent *agent) { agents->append(agent); });
    if (!server->listen(QHostAddress::LocalHost, 0))
        qFatal("cannot listen: %s", qPrintable(server->errorString()));
    return server;
}
