package io.cvdflow.job;
class Placeholder {}
