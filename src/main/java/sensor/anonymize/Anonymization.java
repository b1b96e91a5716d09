package sensor.anonymize;

/**
 * What {@code --anonymize-key} and {@code --anonymize-names} ask for: client and server addresses
 * replaced by Crypto-PAn pseudonyms under {@code key}, and with {@code names} the SMTP HELO names
 * and MAIL/RCPT domains by a keyed hash.
 */
public record Anonymization(AnonymizeKey key, boolean names) {}
