package io.chatflows.api.security;

/**
 * The token that made a change, as recorded with it: never the token itself, only the first 12 hex
 * digits of its SHA-256 hash (enough to tell a workspace's tokens apart, useless to authenticate)
 * and the name it was created with.
 */
public record Actor(String tokenId, String tokenName) {

  static final int ID_LENGTH = 12;

  static Actor of(String tokenHash, String tokenName) {
    return new Actor(tokenHash.substring(0, Math.min(ID_LENGTH, tokenHash.length())), tokenName);
  }
}
