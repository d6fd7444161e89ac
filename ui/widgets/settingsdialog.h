#pragma once

#include "ui/widgets/agentsettings.h"
#include "ui/widgets/connectionsettings.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QSpinBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QTabWidget;

namespace rill {

class McpServerSet;
class ModelSettingsPage;
class ToolsSettings;

// File ▸ Settings…, three pages. Server: the embedded server or a remote one
// (URL and token), and the embedded server's agent. Model: what the window
// asks of the model (ModelSettingsPage). Tools: the MCP servers and their
// tools (ToolsSettings). It opens with the stored settings and stores them
// when accepted; OK stays disabled while the remote URL or the
// agent cannot work, and a line says why.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    void setSettings(const ConnectionSettings &settings);
    ConnectionSettings settings() const;

    void setAgentSettings(const AgentSettings &settings);
    // Opens on the agent actually running (chosen on the command line, say)
    // rather than the stored one; OK reports a change from this one.
    void showAgentInUse(const AgentSettings &settings);
    AgentSettings agentSettings() const;
    // The MCP servers the Tools tab lists (none: it says how to get some).
    void setTools(McpServerSet *tools);

    // Whether this process runs an embedded server (not under --connect alone):
    // only then can the Model page ask the agent's LLM server for its models.
    void setEmbeddedAvailable(bool available) { m_embeddedAvailable = available; }
    ModelSettingsPage *modelPage() const { return m_modelPage; }
    // Opens on the Model page (the bar's "Settings…"), listing the models.
    void showModelPage();

    // The settings as last stored, from the application's QSettings.
    static ConnectionSettings storedSettings();

    void accept() override;

signals:
    // Emitted on OK when the agent section was changed: until the user edits
    // it, the agent chosen on the command line stays.
    void agentSettingsChanged(const rill::AgentSettings &settings);

private:
    QLayout *createAgentSection();
    void updateState();
    // Lists the models of the LLM server the dialog's settings name now.
    void refreshModels();

    QRadioButton *m_embedded;
    QRadioButton *m_remote;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    QTabWidget *m_tabs;
    ToolsSettings *m_toolsPage = nullptr;

    QComboBox *m_agentKind;
    QLineEdit *m_agentCommand;
    QLineEdit *m_llmUrl;
    QLineEdit *m_model;
    QLineEdit *m_apiKey;
    QSpinBox *m_agentTimeout;
    QLabel *m_agentProblem;
    AgentSettings m_openedAgent; // as the dialog opened, to tell whether it changed
    ModelSettingsPage *m_modelPage;
    bool m_embeddedAvailable = true;
    bool m_modelsListed = false;
};

} // namespace rill
