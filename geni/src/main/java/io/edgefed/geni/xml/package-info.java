/**
 * The one place where XML from callers is parsed: parsers with no DOCTYPE, no external entities or DTDs, no
 * XInclude and the JDK's secure-processing limits ({@link io.edgefed.geni.xml.HardenedXmlParsers}), a size- and
 * depth-capped DOM parse for credentials ({@link io.edgefed.geni.xml.SecureXml}), per-thread SAX readers for the
 * XML-RPC request ({@link io.edgefed.geni.xml.HardenedSax}) and an error handler that raises instead of printing.
 */
package io.edgefed.geni.xml;
