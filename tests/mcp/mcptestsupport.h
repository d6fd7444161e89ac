// Shared by the MCP tests: where the fake server and the real npm servers are.
#pragma once

#include "../agents/pythonpath.h"
#include "server/agent/mcp/mcpconfig.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

namespace rill::testing {

// The misbehaving server (tests/mcp/fake_mcp_server.py) with `args`.
inline McpServerConfig fakeServer(
    const QStringList &args = {}, const QString &name = QStringLiteral("fake"))
{
    McpServerConfig config;
    config.name = name;
    config.command = findPython();
    config.args = QStringList { sourcePath(QStringLiteral("tests/mcp/fake_mcp_server.py")) } + args;
    return config;
}

// The entry script of a real MCP server installed by `npm ci --prefix tests/mcp`
// (scripts/install-deps), e.g. "server-filesystem"; empty when not installed.
inline QString npmServerScript(const QString &package)
{
    const QString script
        = sourcePath(QStringLiteral("tests/mcp/node_modules/@modelcontextprotocol/%1/dist/index.js")
                         .arg(package));
    return QFileInfo::exists(script) ? script : QString();
}

// Whether the test must fail rather than skip when something it needs is missing.
inline bool requiredByCi()
{
    return !qEnvironmentVariableIsEmpty("CI");
}

} // namespace rill::testing

// Skips (or, with CI set, fails) when the npm servers are not installed.
#define RILL_REQUIRE_NPM_SERVER(script, package)                                                   \
    do {                                                                                           \
        if ((script).isEmpty()) {                                                                  \
            if (rill::testing::requiredByCi())                                                     \
                QFAIL(package " is not installed: run npm ci --prefix tests/mcp");                 \
            QSKIP(package " is not installed: run npm ci --prefix tests/mcp");                     \
        }                                                                                          \
    } while (false)
