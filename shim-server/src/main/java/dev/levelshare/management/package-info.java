/** JMX: the MBean of each directory a process shares, registered in the platform MBean server. */
package dev.levelshare.management;
