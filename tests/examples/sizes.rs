fn main() {
    use kibana_connectors::*;
    println!("ConnectorConfig {}", std::mem::size_of::<ConnectorConfig>());
    println!("ConnectorSecrets {}", std::mem::size_of::<ConnectorSecrets>());
    println!("CreateConnectorRequest {}", std::mem::size_of::<CreateConnectorRequest>());
    println!("CasesWebhookConfig {}", std::mem::size_of::<CasesWebhookConfig>());
    println!("WebhookConfig {}", std::mem::size_of::<WebhookConfig>());
    println!("EmailConfig {}", std::mem::size_of::<EmailConfig>());
    println!("Defaulted<String> {}", std::mem::size_of::<Defaulted<String>>());
    println!("Defaulted<Option<String>> {}", std::mem::size_of::<Defaulted<Option<String>>>());
    println!("Defaulted<bool> {}", std::mem::size_of::<Defaulted<bool>>());
    println!("UnknownFields {}", std::mem::size_of::<UnknownFields>());
}
