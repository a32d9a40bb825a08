/* haven: analysis of ion transport in electrolytes. One include for all. */
#ifndef HAVEN_H
#define HAVEN_H

#include "haven/core.h"
#include "haven/elements.h"
#include "haven/kmc.h"
#include "haven/traj.h"

#endif
