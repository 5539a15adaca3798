package io.caravel.bench; final class Placeholder {}
