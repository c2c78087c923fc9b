package io.camsearch.dataset;

/**
 * A class as {@code classes.txt} lists it.
 *
 * @param name CUB's class name, also its directory below {@code images/}, e.g. {@code 001.Black_footed_Albatross}
 */
public record CubClass(int id, String name) {
}
