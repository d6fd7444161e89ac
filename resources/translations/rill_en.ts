<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ChatModelJson</name>
    <message>
        <location filename="../../ui/widgets/chatmodeljson.cpp" line="154"/>
        <source>row %1 is not a chat item</source>
        <translation>row %1 is not a chat item</translation>
    </message>
</context>
<context>
    <name>CodeBlockChrome</name>
    <message>
        <location filename="../../ui/widgets/codeblockchrome.cpp" line="22"/>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/codeblockchrome.cpp" line="27"/>
        <source>Copied</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>ConversationFile</name>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="40"/>
        <source>not a Rill conversation (no version)</source>
        <translation>not a Rill conversation (no version)</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="46"/>
        <source>written by a newer Rill (format version %1)</source>
        <translation>written by a newer Rill (format version %1)</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="62"/>
        <source>the conversation has no valid id</source>
        <translation>the conversation has no valid id</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="72"/>
        <source>not valid JSON (%1 at byte %2); the file may be truncated or damaged</source>
        <translation>not valid JSON (%1 at byte %2); the file may be truncated or damaged</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="123"/>
        <source>not a Rill conversation (not a JSON object)</source>
        <translation>not a Rill conversation (not a JSON object)</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="134"/>
        <source>the conversation has no items</source>
        <translation>the conversation has no items</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="145"/>
        <source>too large (%1 bytes)</source>
        <translation>too large (%1 bytes)</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationfile.cpp" line="164"/>
        <source>the file ends too early (truncated)</source>
        <translation>the file ends too early (truncated)</translation>
    </message>
</context>
<context>
    <name>MarkdownExport</name>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="22"/>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="24"/>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="26"/>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="28"/>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="46"/>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="60"/>
        <source>Tool call `%1`, arguments:</source>
        <translation>Tool call `%1`, arguments:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="66"/>
        <source>Result:</source>
        <translation>Result:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="71"/>
        <source>*The plan was stopped.*</source>
        <translation>*The plan was stopped.*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="73"/>
        <source>*The plan did not finish.*</source>
        <translation>*The plan did not finish.*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="101"/>
        <source>Thought for %1 s</source>
        <translation>Thought for %1 s</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="103"/>
        <source>Thinking</source>
        <translation>Thinking</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="112"/>
        <source>*Stopped.*</source>
        <translation>*Stopped.*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="114"/>
        <source>*Not finished.*</source>
        <translation>*Not finished.*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="136"/>
        <source>Conversation</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="138"/>
        <source>*Exported from Rill. Started %1.*</source>
        <translation>*Exported from Rill. Started %1.*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="147"/>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="149"/>
        <source>*Version %1 of %2 of this turn; only this one is exported.*</source>
        <translation>*Version %1 of %2 of this turn; only this one is exported.*</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="156"/>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/markdownexport.cpp" line="169"/>
        <source>Error:</source>
        <translation>Error:</translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <location filename="../../ui/widgets/thinkingblock.cpp" line="15"/>
        <source>Thinking… %1 s</source>
        <translation>Thinking… %1 s</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thinkingblock.cpp" line="16"/>
        <source>Thought for %1 s</source>
        <translation>Thought for %1 s</translation>
    </message>
</context>
<context>
    <name>rill</name>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="63"/>
        <source>%1 ms to first token</source>
        <translation>%1 ms to first token</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="64"/>
        <source>~%1 tokens</source>
        <translation>~%1 tokens</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="64"/>
        <source>%1 tokens</source>
        <translation>%1 tokens</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="65"/>
        <source>%1 tokens/s</source>
        <translation>%1 tokens/s</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="67"/>
        <source>thought %1 s</source>
        <translation>thought %1 s</translation>
    </message>
    <message>
        <location filename="../../ui/net/answertally.cpp" line="69"/>
        <source>(estimated)</source>
        <translation>(estimated)</translation>
    </message>
</context>
<context>
    <name>rill::AgentSettings</name>
    <message>
        <location filename="../../ui/widgets/agentsettings.cpp" line="73"/>
        <source>Enter the agent&apos;s command, for example: python3 examples/agents/music_agent.py</source>
        <translation>Enter the agent&apos;s command, for example: python3 examples/agents/music_agent.py</translation>
    </message>
</context>
<context>
    <name>rill::ChatClient</name>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="43"/>
        <source>no data from the server for %1 s</source>
        <translation>no data from the server for %1 s</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="176"/>
        <source>The server at %1 does not send Rill&apos;s event stream (it answered with %2). Check the server&apos;s address in Settings.</source>
        <translation>The server at %1 does not send Rill&apos;s event stream (it answered with %2). Check the server&apos;s address in Settings.</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="178"/>
        <source>no content type</source>
        <translation>no content type</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="217"/>
        <source>The server sent an event that is not a JSON object (%1): %2</source>
        <translation>The server sent an event that is not a JSON object (%1): %2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="273"/>
        <source>The server no longer knows this conversation (it may have restarted). Retry, or send your next message: either starts it again with its history.</source>
        <translation>The server no longer knows this conversation (it may have restarted). Retry, or send your next message: either starts it again with its history.</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="286"/>
        <source>The connection to the server was lost, and it could not be resumed (%1).</source>
        <translation>The connection to the server was lost, and it could not be resumed (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="290"/>
        <source>Rill cannot reach the server at %1 (%2). Check that it is running, then retry.</source>
        <translation>Rill cannot reach the server at %1 (%2). Check that it is running, then retry.</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="324"/>
        <source>The server needs a token (401): %1. Enter it in Settings, or start Rill with --connect URL --token TOKEN.</source>
        <translation>The server needs a token (401): %1. Enter it in Settings, or start Rill with --connect URL --token TOKEN.</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="327"/>
        <source>The server did not accept the token (401): %1. Check the token in Settings.</source>
        <translation>The server did not accept the token (401): %1. Check the token in Settings.</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="330"/>
        <source>The server refused this request (403): %1</source>
        <translation>The server refused this request (403): %1</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="334"/>
        <source>The server is busy (503): %1. Try again later.</source>
        <translation>The server is busy (503): %1. Try again later.</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="335"/>
        <source>The server is busy (503): %1. Try again in %2 s.</source>
        <translation>The server is busy (503): %1. Try again in %2 s.</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="339"/>
        <source>The server could not take this message (HTTP %1: %2).</source>
        <translation>The server could not take this message (HTTP %1: %2).</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="346"/>
        <source>The connection to the server was lost (%1).</source>
        <translation>The connection to the server was lost (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="315"/>
        <source>the stream ended before its done event</source>
        <translation>the stream ended before its done event</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclienttools.cpp" line="35"/>
        <source>Your answer could not be sent: %1</source>
        <translation>Your answer could not be sent: %1</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclienttools.cpp" line="36"/>
        <source>The server did not take your answer (%1): %2</source>
        <translation>The server did not take your answer (%1): %2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclienttools.cpp" line="51"/>
        <source>
… (cut short)</source>
        <translation>
… (cut short)</translation>
    </message>
</context>
<context>
    <name>rill::ChatDelegate</name>
    <message>
        <location filename="../../ui/widgets/chatdelegate.cpp" line="46"/>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
</context>
<context>
    <name>rill::ConnectionSettings</name>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="41"/>
        <source>Enter the server&apos;s address, for example http://127.0.0.1:8000/</source>
        <translation>Enter the server&apos;s address, for example http://127.0.0.1:8000/</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="44"/>
        <source>This is not a valid URL: %1</source>
        <translation>This is not a valid URL: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="47"/>
        <source>The address must start with http:// or https://</source>
        <translation>The address must start with http:// or https://</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="49"/>
        <source>The address has no host name, for example http://example.com:8000/</source>
        <translation>The address has no host name, for example http://example.com:8000/</translation>
    </message>
</context>
<context>
    <name>rill::ConversationBar</name>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="30"/>
        <source>Use Settings</source>
        <translation>Use Settings</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="42"/>
        <source>The system prompt of this conversation only</source>
        <translation>The system prompt of this conversation only</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="43"/>
        <source>Forget this conversation&apos;s model and system prompt: use Settings&apos;</source>
        <translation>Forget this conversation&apos;s model and system prompt: use Settings&apos;</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="46"/>
        <source>The server uses its own model and settings, not these.</source>
        <translation>The server uses its own model and settings, not these.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="48"/>
        <source>This server was started with --lock-options: it ignores the model, system prompt and parameters the window asks for. Its own (rill --serve --model, --system, --temperature...) apply.</source>
        <translation>This server was started with --lock-options: it ignores the model, system prompt and parameters the window asks for. Its own (rill --serve --model, --system, --temperature...) apply.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="53"/>
        <source>Settings…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="55"/>
        <source>Settings ▸ Model: the default model, parameters and system prompt</source>
        <translation>Settings ▸ Model: the default model, parameters and system prompt</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="57"/>
        <source>Mo&amp;del:</source>
        <translation>Mo&amp;del:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="90"/>
        <source>The model of this conversation only. Leave it empty to use the one in Settings ▸ Model.</source>
        <translation>The model of this conversation only. Leave it empty to use the one in Settings ▸ Model.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="112"/>
        <source>the server&apos;s default</source>
        <translation>the server&apos;s default</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="121"/>
        <source>%1 (from Settings)</source>
        <translation>%1 (from Settings)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="122"/>
        <source>The server&apos;s default model</source>
        <translation>The server&apos;s default model</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="123"/>
        <source>%1 (the server&apos;s)</source>
        <translation>%1 (the server&apos;s)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="129"/>
        <source>System prompt: Settings&apos;</source>
        <translation>System prompt: Settings&apos;</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="129"/>
        <source>System prompt: default</source>
        <translation>System prompt: default</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="131"/>
        <source>System prompt: none</source>
        <translation>System prompt: none</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="133"/>
        <source>System prompt: this chat&apos;s</source>
        <translation>System prompt: this chat&apos;s</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="135"/>
        <source>The server&apos;s default</source>
        <translation>The server&apos;s default</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="152"/>
        <source>System Prompt of This Conversation</source>
        <translation>System Prompt of This Conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="158"/>
        <source>Empty: no system prompt at all in this conversation</source>
        <translation>Empty: no system prompt at all in this conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="162"/>
        <source>Use Settings&apos;</source>
        <translation>Use Settings&apos;</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationbar.cpp" line="164"/>
        <source>Sent with every message of this conversation, instead of the default system prompt of Settings ▸ Model.</source>
        <translation>Sent with every message of this conversation, instead of the default system prompt of Settings ▸ Model.</translation>
    </message>
</context>
<context>
    <name>rill::ConversationKeeper</name>
    <message>
        <location filename="../../ui/widgets/conversationkeeper.cpp" line="124"/>
        <source>The conversation could not be saved: %1</source>
        <translation>The conversation could not be saved: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationkeeper.cpp" line="143"/>
        <source>The conversation “%1” cannot be opened: %2</source>
        <translation>The conversation “%1” cannot be opened: %2</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationkeeper.cpp" line="172"/>
        <source>The conversation could not be deleted: %1</source>
        <translation>The conversation could not be deleted: %1</translation>
    </message>
</context>
<context>
    <name>rill::ConversationListModel</name>
    <message>
        <location filename="../../ui/store/conversationlistmodel.cpp" line="47"/>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationlistmodel.cpp" line="49"/>
        <source>%1
Last message: %2</source>
        <translation>%1
Last message: %2</translation>
    </message>
</context>
<context>
    <name>rill::ConversationSidebar</name>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="45"/>
        <source>&amp;Rename</source>
        <translation>&amp;Rename</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="46"/>
        <source>&amp;Delete…</source>
        <translation>&amp;Delete…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="54"/>
        <source>C&amp;onversations</source>
        <translation>C&amp;onversations</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="59"/>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="94"/>
        <source>Search conversations (Ctrl+K)</source>
        <translation>Search conversations (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="95"/>
        <source>Search conversations</source>
        <translation>Search conversations</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="103"/>
        <source>Conversations found</source>
        <translation>Conversations found</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="223"/>
        <source>Delete conversation</source>
        <translation>Delete conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="224"/>
        <source>Delete “%1”? This cannot be undone.</source>
        <translation>Delete “%1”? This cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="227"/>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>rill::ConversationStore</name>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="91"/>
        <source>not a name Rill gives its conversation files</source>
        <translation>not a name Rill gives its conversation files</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="119"/>
        <location filename="../../ui/store/conversationstore.cpp" line="205"/>
        <location filename="../../ui/store/conversationstore.cpp" line="272"/>
        <source>no such conversation</source>
        <translation>no such conversation</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="172"/>
        <source>invalid conversation id</source>
        <translation>invalid conversation id</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="189"/>
        <source>a title cannot be empty</source>
        <translation>a title cannot be empty</translation>
    </message>
    <message>
        <location filename="../../ui/store/conversationstore.cpp" line="250"/>
        <source>cannot create the folder %1</source>
        <translation>cannot create the folder %1</translation>
    </message>
</context>
<context>
    <name>rill::ConversationTransfer</name>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="99"/>
        <source>Co&amp;nversation</source>
        <translation>Co&amp;nversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="101"/>
        <source>Export as &amp;Markdown…</source>
        <translation>Export as &amp;Markdown…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="103"/>
        <source>Save this conversation as a Markdown document, to read or share</source>
        <translation>Save this conversation as a Markdown document, to read or share</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="104"/>
        <source>Export as &amp;JSON…</source>
        <translation>Export as &amp;JSON…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="106"/>
        <source>Save this conversation in Rill&apos;s own file format, to import it elsewhere</source>
        <translation>Save this conversation in Rill&apos;s own file format, to import it elsewhere</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="107"/>
        <source>&amp;Import…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="109"/>
        <source>Add a conversation exported as JSON from Rill (or drop the file onto the window)</source>
        <translation>Add a conversation exported as JSON from Rill (or drop the file onto the window)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="145"/>
        <source>conversation</source>
        <translation>conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="156"/>
        <source>Export as Markdown</source>
        <translation>Export as Markdown</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="156"/>
        <source>Export as JSON</source>
        <translation>Export as JSON</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="157"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="157"/>
        <source>Rill conversation (*.json)</source>
        <translation>Rill conversation (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="177"/>
        <source>Import a Conversation</source>
        <translation>Import a Conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="178"/>
        <source>Rill conversation (*.json);;All files (*)</source>
        <translation>Rill conversation (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="206"/>
        <source>The conversation could not be exported.</source>
        <translation>The conversation could not be exported.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="216"/>
        <source>The conversation could not be exported to “%1”.</source>
        <translation>The conversation could not be exported to “%1”.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="222"/>
        <source>Exported to %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="233"/>
        <source>“%1” could not be imported: %2.</source>
        <translation>“%1” could not be imported: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="236"/>
        <source>Rill imports the files it writes with Conversation ▸ Export as JSON…. Nothing was changed.</source>
        <translation>Rill imports the files it writes with Conversation ▸ Export as JSON…. Nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="240"/>
        <source>Imported “%1”</source>
        <translation>Imported “%1”</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="249"/>
        <source>there is no such file</source>
        <translation>there is no such file</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="253"/>
        <source>it is a folder, not a file</source>
        <translation>it is a folder, not a file</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="257"/>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="272"/>
        <source>it is larger than %1 MB, more than any conversation</source>
        <translation>it is larger than %1 MB, more than any conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="263"/>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="268"/>
        <source>it cannot be read (%1)</source>
        <translation>it cannot be read (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="287"/>
        <source>it is a text or Markdown file, and only Rill&apos;s JSON files import</source>
        <translation>it is a text or Markdown file, and only Rill&apos;s JSON files import</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="306"/>
        <source>Imported conversation</source>
        <translation>Imported conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="310"/>
        <source>it could not be saved (%1)</source>
        <translation>it could not be saved (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationtransfer.cpp" line="352"/>
        <source>Rill</source>
        <translation>Rill</translation>
    </message>
</context>
<context>
    <name>rill::FindBar</name>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="45"/>
        <location filename="../../ui/widgets/findbar.cpp" line="46"/>
        <source>Find in this conversation</source>
        <translation>Find in this conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="51"/>
        <location filename="../../ui/widgets/findbar.cpp" line="223"/>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="54"/>
        <source>&amp;Find…</source>
        <translation>&amp;Find…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="56"/>
        <source>Find &amp;Next</source>
        <translation>Find &amp;Next</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="57"/>
        <source>Find Pre&amp;vious</source>
        <translation>Find Pre&amp;vious</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="74"/>
        <source>Previous match (Shift+Enter)</source>
        <translation>Previous match (Shift+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="76"/>
        <source>Next match (Enter)</source>
        <translation>Next match (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="80"/>
        <source>Close (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="81"/>
        <source>Close find</source>
        <translation>Close find</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/findbar.cpp" line="221"/>
        <source>No matches</source>
        <translation>No matches</translation>
    </message>
</context>
<context>
    <name>rill::MainWindow</name>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="44"/>
        <source>Idle</source>
        <translation>Idle</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="46"/>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="48"/>
        <source>Streaming</source>
        <translation>Streaming</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="50"/>
        <source>Reconnecting</source>
        <translation>Reconnecting</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="67"/>
        <source>Rill</source>
        <translation>Rill</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="127"/>
        <source>&amp;New Chat</source>
        <translation>&amp;New Chat</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="130"/>
        <source>Start a new conversation</source>
        <translation>Start a new conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="134"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="146"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="152"/>
        <source>S&amp;top Answer</source>
        <translation>S&amp;top Answer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="158"/>
        <source>Show &amp;Sidebar</source>
        <translation>Show &amp;Sidebar</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="166"/>
        <source>&amp;Keep Thinking Open</source>
        <translation>&amp;Keep Thinking Open</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="176"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="182"/>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="188"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="210"/>
        <source>Write a message. Enter sends, Shift+Enter starts a new line.</source>
        <translation>Write a message. Enter sends, Shift+Enter starts a new line.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="252"/>
        <source>&amp;Message</source>
        <translation>&amp;Message</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="265"/>
        <source>Editing a question: Enter sends it again, the answers it had stay as the previous version.</source>
        <translation>Editing a question: Enter sends it again, the answers it had stay as the previous version.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindowconversations.cpp" line="27"/>
        <source>Search &amp;Conversations…</source>
        <translation>Search &amp;Conversations…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindowconversations.cpp" line="30"/>
        <source>Find a conversation by its title or what was said in it</source>
        <translation>Find a conversation by its title or what was said in it</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindowconversations.cpp" line="57"/>
        <source>The conversation could not be renamed: %1</source>
        <translation>The conversation could not be renamed: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="258"/>
        <source>%n conversation file(s) could not be read and were skipped: %1</source>
        <translation>
            <numerusform>%n conversation file could not be read and was skipped: %1</numerusform>
            <numerusform>%n conversation files could not be read and were skipped: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/conversationsidebar.cpp" line="264"/>
        <source>Left as they are in %1</source>
        <translation>Left as they are in %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="391"/>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="391"/>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="392"/>
        <source>Stop the answer</source>
        <translation>Stop the answer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="392"/>
        <source>Send the message (Enter)</source>
        <translation>Send the message (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="401"/>
        <source>No server</source>
        <translation>No server</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="401"/>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
</context>
<context>
    <name>rill::MessageActionBar</name>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="27"/>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="27"/>
        <source>Copy the message as Markdown (Ctrl+Shift+C)</source>
        <translation>Copy the message as Markdown (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="29"/>
        <source>Regenerate</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="29"/>
        <source>Run this turn again (Ctrl+R)</source>
        <translation>Run this turn again (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="31"/>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="31"/>
        <source>Edit the question and resend it (Ctrl+E)</source>
        <translation>Edit the question and resend it (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="33"/>
        <source>Previous version (Ctrl+[)</source>
        <translation>Previous version (Ctrl+[)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="38"/>
        <source>Next version (Ctrl+])</source>
        <translation>Next version (Ctrl+])</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="40"/>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactionbar.cpp" line="40"/>
        <source>Delete this turn (Ctrl+Delete)</source>
        <translation>Delete this turn (Ctrl+Delete)</translation>
    </message>
</context>
<context>
    <name>rill::MessageActions</name>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="27"/>
        <source>&amp;Copy Message</source>
        <translation>&amp;Copy Message</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="29"/>
        <source>Copy as &amp;Plain Text</source>
        <translation>Copy as &amp;Plain Text</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="31"/>
        <source>&amp;Regenerate Answer</source>
        <translation>&amp;Regenerate Answer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="33"/>
        <source>&amp;Edit and Resend</source>
        <translation>&amp;Edit and Resend</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="35"/>
        <source>Pre&amp;vious Version</source>
        <translation>Pre&amp;vious Version</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="37"/>
        <source>Ne&amp;xt Version</source>
        <translation>Ne&amp;xt Version</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="39"/>
        <source>&amp;Delete Turn…</source>
        <translation>&amp;Delete Turn…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="191"/>
        <source>Delete Turn</source>
        <translation>Delete Turn</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/messageactions.cpp" line="192"/>
        <source>Delete this message and its answer? This cannot be undone.</source>
        <translation>Delete this message and its answer? This cannot be undone.</translation>
    </message>
</context>
<context>
    <name>rill::ModelList</name>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="79"/>
        <source>The LLM server at %1 could not be reached (%2). Check that it runs and its URL in Settings ▸ Agent, or type the model&apos;s name.</source>
        <translation>The LLM server at %1 could not be reached (%2). Check that it runs and its URL in Settings ▸ Agent, or type the model&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="83"/>
        <source>The LLM server at %1 refused to list its models (%2). Check the API key in Settings ▸ Agent, or type the model&apos;s name.</source>
        <translation>The LLM server at %1 refused to list its models (%2). Check the API key in Settings ▸ Agent, or type the model&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="88"/>
        <source>The server at %1 does not list its models (HTTP %2). Type the model&apos;s name.</source>
        <translation>The server at %1 does not list its models (HTTP %2). Type the model&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="95"/>
        <source>The server at %1 answered, but not with a list of models. Type the model&apos;s name.</source>
        <translation>The server at %1 answered, but not with a list of models. Type the model&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../ui/net/modellist.cpp" line="106"/>
        <source>The LLM server at %1 lists no models. Type the model&apos;s name.</source>
        <translation>The LLM server at %1 lists no models. Type the model&apos;s name.</translation>
    </message>
</context>
<context>
    <name>rill::ModelSettingsPage</name>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="27"/>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="68"/>
        <source>Server default</source>
        <translation>Server default</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="42"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="59"/>
        <source>The server&apos;s default</source>
        <translation>The server&apos;s default</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="61"/>
        <source>Ask the LLM server again which models it has</source>
        <translation>Ask the LLM server again which models it has</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="64"/>
        <source>0 to 2: lower is more focused, higher more varied</source>
        <translation>0 to 2: lower is more focused, higher more varied</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="66"/>
        <source>0 to 1: sample only from the most likely tokens adding up to this</source>
        <translation>0 to 1: sample only from the most likely tokens adding up to this</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="70"/>
        <source>The most tokens an answer may have</source>
        <translation>The most tokens an answer may have</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="72"/>
        <source>None: the server&apos;s default. A conversation can set its own in the bar above the chat.</source>
        <translation>None: the server&apos;s default. A conversation can set its own in the bar above the chat.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="80"/>
        <source>Mo&amp;del:</source>
        <translation>Mo&amp;del:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="85"/>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperature:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="86"/>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="87"/>
        <source>Max t&amp;okens:</source>
        <translation>Max t&amp;okens:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="88"/>
        <source>Default s&amp;ystem prompt:</source>
        <translation>Default s&amp;ystem prompt:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="125"/>
        <source>Asking %1 for its models…</source>
        <translation>Asking %1 for its models…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsettingspage.cpp" line="139"/>
        <source>Models listed by the LLM server: %1.</source>
        <translation>Models listed by the LLM server: %1.</translation>
    </message>
</context>
<context>
    <name>rill::ModelSource</name>
    <message>
        <location filename="../../ui/widgets/modelsource.cpp" line="11"/>
        <source>A remote Rill server does not list the models of its LLM server. Type the model&apos;s name; the server passes it on to its agent.</source>
        <translation>A remote Rill server does not list the models of its LLM server. Type the model&apos;s name; the server passes it on to its agent.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsource.cpp" line="23"/>
        <source>The process agent has no list of models. A name typed here reaches it in its request&apos;s options.</source>
        <translation>The process agent has no list of models. A name typed here reaches it in its request&apos;s options.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/modelsource.cpp" line="27"/>
        <source>The demo music assistant uses no model and ignores these settings. Choose an OpenAI-compatible LLM server in Settings ▸ Agent to pick one of its models.</source>
        <translation>The demo music assistant uses no model and ignores these settings. Choose an OpenAI-compatible LLM server in Settings ▸ Agent to pick one of its models.</translation>
    </message>
</context>
<context>
    <name>rill::PlanCardPainter</name>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="115"/>
        <source>Failed · %1</source>
        <translation>Failed · %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="117"/>
        <source>Stopped · %1</source>
        <translation>Stopped · %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="122"/>
        <source>Not finished · %1</source>
        <translation>Not finished · %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="314"/>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="121"/>
        <source>Finished · %1 done, %2 failed</source>
        <translation>Finished · %1 done, %2 failed</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="125"/>
        <source>Waiting for you · %1</source>
        <translation>Waiting for you · %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="213"/>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="289"/>
        <source>Allow</source>
        <translation>Allow</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="214"/>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="290"/>
        <source>Always</source>
        <translation>Always</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="214"/>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="291"/>
        <source>Deny</source>
        <translation>Deny</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="284"/>
        <source>Arguments</source>
        <translation>Arguments</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="285"/>
        <source>Result</source>
        <translation>Result</translation>
    </message>
</context>
<context>
    <name>rill::RunNotice</name>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="15"/>
        <source>&amp;Retry</source>
        <translation>&amp;Retry</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="21"/>
        <source>Send the message again, with the conversation so far</source>
        <translation>Send the message again, with the conversation so far</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="40"/>
        <source>The connection to the server was lost. Reconnecting…</source>
        <translation>The connection to the server was lost. Reconnecting…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="55"/>
        <source>The server could not be reached.</source>
        <translation>The server could not be reached.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="58"/>
        <source>The connection to the server was lost.</source>
        <translation>The connection to the server was lost.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="61"/>
        <source>The server no longer knows this conversation. Retry starts it again with its history.</source>
        <translation>The server no longer knows this conversation. Retry starts it again with its history.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/runnotice.cpp" line="66"/>
        <source>The answer failed.</source>
        <translation>The answer failed.</translation>
    </message>
</context>
<context>
    <name>rill::SearchResultsModel</name>
    <message>
        <location filename="../../ui/widgets/searchresults.cpp" line="102"/>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
</context>
<context>
    <name>rill::SettingsDialog</name>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="44"/>
        <source>&amp;Embedded server (on this computer)</source>
        <translation>&amp;Embedded server (on this computer)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="45"/>
        <source>&amp;Remote server</source>
        <translation>&amp;Remote server</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="60"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="73"/>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="185"/>
        <source>Only if the server asks for one</source>
        <translation>Only if the server asks for one</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="82"/>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="84"/>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="175"/>
        <source>Demo music assistant</source>
        <translation>Demo music assistant</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="176"/>
        <source>External process (JSON lines)</source>
        <translation>External process (JSON lines)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="177"/>
        <source>OpenAI-compatible LLM server</source>
        <translation>OpenAI-compatible LLM server</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="180"/>
        <source>The server&apos;s default</source>
        <translation>The server&apos;s default</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="187"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="188"/>
        <source>A run fails when the agent is silent for this long</source>
        <translation>A run fails when the agent is silent for this long</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="191"/>
        <source>&amp;Agent:</source>
        <translation>&amp;Agent:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="192"/>
        <source>&amp;Command:</source>
        <translation>&amp;Command:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="193"/>
        <source>LLM &amp;server:</source>
        <translation>LLM &amp;server:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="194"/>
        <source>&amp;Model:</source>
        <translation>&amp;Model:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="195"/>
        <source>API &amp;key:</source>
        <translation>API &amp;key:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="196"/>
        <source>&amp;Silence timeout:</source>
        <translation>&amp;Silence timeout:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="200"/>
        <source>&lt;b&gt;Agent of the embedded server&lt;/b&gt;</source>
        <translation>&lt;b&gt;Agent of the embedded server&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="94"/>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="96"/>
        <source>Mode&amp;l</source>
        <translation>Mode&amp;l</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="182"/>
        <source>The model the embedded server asks for when the window asks for none; the window&apos;s own choice is on the Model page.</source>
        <translation>The model the embedded server asks for when the window asks for none; the window&apos;s own choice is on the Model page.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="142"/>
        <source>&amp;Tools</source>
        <translation>&amp;Tools</translation>
    </message>
</context>
<context>
    <name>rill::StreamInspector</name>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="91"/>
        <source>Select an event to see its data.</source>
        <translation>Select an event to see its data.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="131"/>
        <source>Buffered: %1 events in %2 ms after %3 s of silence — the server or a proxy holds events back</source>
        <translation>Buffered: %1 events in %2 ms after %3 s of silence — the server or a proxy holds events back</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="139"/>
        <source>Waiting for the first event: %1 s since the request</source>
        <translation>Waiting for the first event: %1 s since the request</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="140"/>
        <source>Waiting: no event for %1 s</source>
        <translation>Waiting: no event for %1 s</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/streaminspector.cpp" line="144"/>
        <source>Live so far: %n event(s), none held back and sent in a burst</source>
        <translation>
            <numerusform>Live so far: %n event, none held back and sent in a burst</numerusform>
            <numerusform>Live so far: %n events, none held back and sent in a burst</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/streaminspector.cpp" line="145"/>
        <source>Live: %n event(s), none held back and sent in a burst</source>
        <translation>
            <numerusform>Live: %n event, none held back and sent in a burst</numerusform>
            <numerusform>Live: %n events, none held back and sent in a burst</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="147"/>
        <source>No events yet. Send a message: every event of its stream shows here as it arrives.</source>
        <translation>No events yet. Send a message: every event of its stream shows here as it arrives.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="152"/>
        <source>Answer: %1</source>
        <translation>Answer: %1</translation>
    </message>
</context>
<context>
    <name>rill::StreamInspectorDock</name>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="176"/>
        <source>Stream Inspector</source>
        <translation>Stream Inspector</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="188"/>
        <source>Stream &amp;Inspector</source>
        <translation>Stream &amp;Inspector</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="190"/>
        <source>Show every raw event of the stream with its timing</source>
        <translation>Show every raw event of the stream with its timing</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspector.cpp" line="214"/>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
</context>
<context>
    <name>rill::StreamInspectorModel</name>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="143"/>
        <source>Arrived in a buffered burst: held back, then sent together with its neighbours</source>
        <translation>Arrived in a buffered burst: held back, then sent together with its neighbours</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="170"/>
        <source>Arrival</source>
        <translation>Arrival</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="172"/>
        <source>t (ms)</source>
        <translation>t (ms)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="174"/>
        <source>Gap (ms)</source>
        <translation>Gap (ms)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="176"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="178"/>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="180"/>
        <source>Size (B)</source>
        <translation>Size (B)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="182"/>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="187"/>
        <source>When the event arrived (local time)</source>
        <translation>When the event arrived (local time)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="189"/>
        <source>Milliseconds since the request was sent</source>
        <translation>Milliseconds since the request was sent</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="191"/>
        <source>Milliseconds since the previous event (for the first, since the request)</source>
        <translation>Milliseconds since the previous event (for the first, since the request)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="193"/>
        <source>The JSON &quot;type&quot;, or the SSE event field</source>
        <translation>The JSON &quot;type&quot;, or the SSE event field</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="195"/>
        <source>The SSE event id (Last-Event-ID)</source>
        <translation>The SSE event id (Last-Event-ID)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="197"/>
        <source>Size of the event&apos;s data in bytes (UTF-8)</source>
        <translation>Size of the event&apos;s data in bytes (UTF-8)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/streaminspectormodel.cpp" line="199"/>
        <source>The event&apos;s data; select a row to see it in full</source>
        <translation>The event&apos;s data; select a row to see it in full</translation>
    </message>
</context>
<context>
    <name>rill::StreamListener</name>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="86"/>
        <source>%1 answered with Content-Type &quot;%2&quot;, not text/event-stream</source>
        <translation>%1 answered with Content-Type &quot;%2&quot;, not text/event-stream</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="122"/>
        <source>cannot reach %1: %2</source>
        <translation>cannot reach %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="124"/>
        <source>%1 answered HTTP %2%3</source>
        <translation>%1 answered HTTP %2%3</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="137"/>
        <source>the stream broke: %1</source>
        <translation>the stream broke: %1</translation>
    </message>
</context>
<context>
    <name>rill::ThemeMenu</name>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="12"/>
        <source>&amp;Theme</source>
        <translation>&amp;Theme</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="17"/>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="18"/>
        <source>&amp;Light</source>
        <translation>&amp;Light</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="19"/>
        <source>&amp;Dark</source>
        <translation>&amp;Dark</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/thememenu.cpp" line="38"/>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
</context>
<context>
    <name>rill::ToolsSettings</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/toolssettings.cpp" line="22"/>
        <source>ready, %n tool(s)</source>
        <translation>
            <numerusform>ready, %n tool</numerusform>
            <numerusform>ready, %n tools</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="24"/>
        <source>starting…</source>
        <translation>starting…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="26"/>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="28"/>
        <source>failed: %1</source>
        <translation>failed: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="43"/>
        <source>Server / tool</source>
        <translation>Server / tool</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="43"/>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="66"/>
        <source>Switched-off tools are not offered to the model. A tool the configuration does not trust asks before each call.</source>
        <translation>Switched-off tools are not offered to the model. A tool the configuration does not trust asks before each call.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="68"/>
        <source>No MCP servers. Start Rill with --mcp-config FILE to give the model tools.</source>
        <translation>No MCP servers. Start Rill with --mcp-config FILE to give the model tools.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="83"/>
        <source>trusted</source>
        <translation>trusted</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/toolssettings.cpp" line="83"/>
        <source>asks first</source>
        <translation>asks first</translation>
    </message>
</context>
</TS>
