/**
 * Sharing learned query-plan patterns between nodes: post-quantum signatures and key encapsulation
 * (FIPS 203 ML-KEM-768 and FIPS 204 ML-DSA-65 on Bouncy Castle), BLAKE3 content ids,
 * ChaCha20-Poly1305 envelopes, differential privacy with a budget accountant, a token ledger in
 * micro-units, Snowball consensus, and three transports (in-memory simulation, loopback TCP, local
 * only).
 *
 * <p>Entry points: {@link io.neuraldag.qudag.QuDagClient#connect}, {@link
 * io.neuraldag.qudag.InMemoryNetwork#create}, {@link io.neuraldag.qudag.LoopbackCluster#start},
 * {@link io.neuraldag.qudag.NodeIdentity#generate()}. This network is not wire compatible with any
 * other peer-to-peer project; see {@code docs/qudag.md}.
 */
@NullMarked
package io.neuraldag.qudag;

import org.jspecify.annotations.NullMarked;
